import { request } from 'node:http';

/**
 * Opens the web server's event stream with the token and resolves with what `found` picks from the
 * text received so far (the first non-undefined answer), then closes the stream.
 */
export function awaitEvent<T>(
  web: { port: number; token: string },
  found: (text: string) => T | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: web.port,
        path: '/api/events',
        headers: { host: `127.0.0.1:${web.port}`, authorization: `Bearer ${web.token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          const answer = found(text);
          if (answer !== undefined) {
            resolve(answer);
            req.destroy();
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
