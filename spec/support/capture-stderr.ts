/**
 * Runs a function with `process.stderr.write` captured, for specs of command-line entry
 * points (`main(argv)`) whose messages go to stderr.
 */

/**
 * Answers the function's value and everything it wrote to stderr; restores stderr whatever happens.
 *
 * @example
 * const { value: code, stderr } = await captureStderr(() => main(['--config', path]));
 */
export async function captureStderr<T>(run: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const value = await run();
    return { value, stderr: chunks.join('') };
  } finally {
    process.stderr.write = write;
  }
}
