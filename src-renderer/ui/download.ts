/**
 * Browser mode: saves a file main offers through a one-time link (`export:ticket`, `files:ticket`)
 * on the browser's machine, under the name main chose. The link is used once, at once.
 */
export function saveFromLink({ url, name }: { url: string; name: string }): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}
