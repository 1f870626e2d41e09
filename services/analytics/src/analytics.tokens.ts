/** The Redis connection of the read side (leaderboards of the shortlist). */
export const ANALYTICS_REDIS = Symbol('ANALYTICS_REDIS');
export const ANALYTICS_LOGGER = Symbol('ANALYTICS_LOGGER');
