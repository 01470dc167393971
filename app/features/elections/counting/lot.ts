import { createHash } from "node:crypto";

/**
 * Drawing lots, reproducibly: the seed is fixed (and published) before voting closes, so
 * anyone re-running the count with the same seed gets the same draw.
 */
export function createLot(seed: string, forced: ReadonlyMap<number, number> = new Map()) {
  let draws = 0;
  return {
    /**
     * Picks one of the candidates (0-based indices) by lot. `forced` replays a count with
     * a draw going another way, to find out whether that draw decided anything.
     */
    draw(candidates: number[]): number {
      const index = draws++;
      const sorted = [...candidates].sort((a, b) => a - b);
      const override = forced.get(index);
      if (override !== undefined && sorted.includes(override)) return override;
      const digest = createHash("sha256")
        .update(`${seed}\u0000${index}\u0000${sorted.join(",")}`)
        .digest();
      return sorted[Number(digest.readBigUInt64BE(0) % BigInt(sorted.length))];
    },
  };
}
