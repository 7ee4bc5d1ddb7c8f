/**
 * Whether the client asked for an event stream: `text/event-stream` in `Accept`, preferred (by
 * quality, then order) over `application/json`. Anything else gets JSON.
 */
export function wantsEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  let stream: { quality: number; at: number } | undefined;
  let json: { quality: number; at: number } | undefined;
  accept.split(',').forEach((part, at) => {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality) || quality <= 0) return;
    if (type === 'text/event-stream' && !stream) stream = { quality, at };
    if (type === 'application/json' && !json) json = { quality, at };
  });
  if (!stream) return false;
  if (!json) return true;
  return stream.quality > json.quality || (stream.quality === json.quality && stream.at < json.at);
}
