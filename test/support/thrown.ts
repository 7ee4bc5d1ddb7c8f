/** The error `action` throws, or undefined when it returns. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (caught) {
    return caught;
  }
  return undefined;
}
