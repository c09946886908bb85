/**
 * What a sweep thread posts on its parent port once its module has loaded, with its thread id
 * (see ThreadExecutor.close: a thread must not be stopped while it is still loading).
 */
export const WORKER_LOADED = 'simulate:sweep-worker-loaded';
