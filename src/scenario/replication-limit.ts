/** Replications a scenario (or `--replications` on any command) may ask for: more is a typo, not a study. */
export const MAX_REPLICATIONS = 10_000;
