export { collectArrivals, SECONDS_PER_DAY, SECONDS_PER_WEEK, SECONDS_PER_MONTH, type ArrivalProcess, type IntensityArrivalProcess, type ArrivalRandomSource } from './arrival-process.js';
export { poisson } from './poisson.js';
export { diurnal, type DiurnalOptions } from './diurnal.js';
export { growth, type GrowthOptions } from './growth.js';
export { mmpp, mmppStationary, mmppMeanRate, type MmppOptions } from './mmpp.js';
export { renewal } from './renewal.js';
export { ConversationSource, TracedConversations, zipfChooser, type ConversationTurn, type ConversationDraws } from './conversations.js';
