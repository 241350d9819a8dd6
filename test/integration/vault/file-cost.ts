/** A cheap scrypt cost for tests that write many times (the default is checked on its own). */
export const TEST_COST = { N: 2 ** 10, r: 8, p: 1 };
