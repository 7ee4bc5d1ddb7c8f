import type { Socket } from 'node:net';

/**
 * Answers a request Node's HTTP parser refused before any route saw it (malformed, too-large
 * headers, or headers/body too slow: the slowloris case), as JSON like every other answer, then
 * closes the connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] = describe(error.code);
  const body = JSON.stringify({ errors: { base: [message] }, code });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  socket.destroySoon();
}

function describe(code: string | undefined): [number, string, string, string] {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request Timeout', 'request_timeout', 'The request was not received in time.'];
    case 'HPE_HEADER_OVERFLOW':
      return [
        431,
        'Request Header Fields Too Large',
        'headers_too_large',
        'The request headers are too large.',
      ];
    default:
      return [400, 'Bad Request', 'malformed_request', 'The request is not valid HTTP/1.1.'];
  }
}
