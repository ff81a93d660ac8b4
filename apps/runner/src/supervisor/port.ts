import net from 'node:net';
import { StartupError } from '../errors.ts';

export async function assertPortFree(port: number, host: string, what: string) {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new StartupError(
      `Port ${port} is already in use, so ${what} cannot listen. Stop the other program or set PORT to a free port.`,
    );
  }
}
