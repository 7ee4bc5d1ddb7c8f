import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/index.ts';

/** Content types by extension; anything else is served as bytes. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The web pages: `/` is `index.html` of the folder, other paths its files. Only regular files
 * inside the folder (after resolving links) are served: no directory listings, no dot files, no
 * way out through `..`, encoded or not. Everything else is the JSON 404 of any unknown route.
 */
export function registerStaticFiles(app: FastifyInstance, staticDir: string): void {
  let root: string;
  try {
    root = fs.realpathSync(staticDir);
  } catch (error) {
    throw new AppError('invalid_argument', `The web folder ${staticDir} cannot be read.`, { cause: error });
  }
  if (!fs.statSync(root).isDirectory()) {
    throw new AppError('invalid_argument', `The web folder ${staticDir} is not a folder.`);
  }
  const serve = (request: FastifyRequest, reply: FastifyReply, relative: string) =>
    sendFile(request, reply, root, relative);
  app.get('/', (request, reply) => serve(request, reply, 'index.html'));
  app.get('/*', (request: FastifyRequest<{ Params: { '*': string } }>, reply) =>
    serve(request, reply, request.params['*']),
  );
}

async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  root: string,
  relative: string,
): Promise<FastifyReply> {
  const file = await resolveInside(root, relative);
  const stat = await fs.promises.stat(file);
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  reply.header('etag', etag).header('cache-control', 'no-cache');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply
    .type(contentTypeOf(file))
    .header('content-length', String(stat.size))
    .send(fs.createReadStream(file));
}

/** The real path of a regular file inside the root, or `not_found`. */
export async function resolveInside(root: string, relative: string): Promise<string> {
  const missing = () => new AppError('not_found', 'No such route.');
  const segments = relative.split('/');
  if (
    relative.includes('\0') ||
    relative.includes('\\') ||
    segments.some((segment) => segment === '' || segment.startsWith('.'))
  ) {
    throw missing();
  }
  const candidate = path.resolve(root, ...segments);
  let real: string;
  try {
    real = await fs.promises.realpath(candidate);
  } catch {
    throw missing();
  }
  if (!real.startsWith(`${root}${path.sep}`)) throw missing();
  const stat = await fs.promises.stat(real);
  if (!stat.isFile()) throw missing();
  return real;
}
