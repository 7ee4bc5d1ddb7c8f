/** The header section of a raw message: everything before the first empty line. */
export function headerSection(raw: Buffer): string {
  const text = raw.subarray(0, Math.min(raw.length, 512 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/** Every value of a header, unfolded, in the order they appear (topmost first). */
export function headerValues(raw: Buffer, name: string): string[] {
  const lines = headerSection(raw).split(/\r?\n(?![ \t])/);
  const prefix = `${name.toLowerCase()}:`;
  return lines
    .filter((line) => line.toLowerCase().startsWith(prefix))
    .map((line) =>
      line
        .slice(prefix.length)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
}
