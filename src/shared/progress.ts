import cliProgress from 'cli-progress';

/** A progress bar on stderr for long CLI jobs; in a non-terminal (CI logs) it prints a line every few seconds. */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
