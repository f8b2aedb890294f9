/**
 * How a terminal shows one kubectl command's two streams. kubectl's warning handler
 * (rest.WarningHandler, and the client-side checks that print `Warning: …` before acting) writes to
 * stderr as soon as a response arrives, before the command prints its result; errors come after the
 * output. `kubectl drain` is the exception: it writes its own warnings between its lines (after
 * `node/… cordoned`), so its streams stay in the order it produced them.
 */

/** The `Warning: …` lines at the start of stderr, and what follows them. */
export function splitWarnings(stderr: string): { warnings: string; rest: string } {
  const lines = stderr.split('\n');
  let n = 0;
  while (n < lines.length && (lines[n] ?? '').startsWith('Warning: ')) n++;
  if (n === 0) return { warnings: '', rest: stderr };
  return { warnings: `${lines.slice(0, n).join('\n')}\n`, rest: lines.slice(n).join('\n') };
}

/** Whether the command line prints its warnings in the middle of its output (drain). */
function interleaves(commandLine: string): boolean {
  const words = commandLine.trim().split(/\s+/);
  return (words[0] === 'kubectl' ? words[1] : words[0]) === 'drain';
}

/** The stderr a terminal shows before the command's stdout (`warnings`) and after it (`rest`). */
export function leadingWarnings(commandLine: string, stderr: string): { warnings: string; rest: string } {
  return interleaves(commandLine) ? { warnings: '', rest: stderr } : splitWarnings(stderr);
}

/** The terminal text of one command: leading warnings, then stdout, then the rest of stderr. */
export function terminalText(commandLine: string, result: { stdout: string; stderr: string }): string {
  const { warnings, rest } = leadingWarnings(commandLine, result.stderr);
  return `${warnings}${result.stdout}${rest}`;
}
