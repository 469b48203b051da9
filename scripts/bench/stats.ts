/** Min, median and max of a sample. */
export function stats(xs: number[]): { min: number; median: number; max: number } {
    const sorted = [...xs].sort((a, b) => a - b);
    return {
        min: sorted[0],
        median: sorted[Math.floor(sorted.length / 2)],
        max: sorted[sorted.length - 1],
    };
}
