/** A sync error of the StatefulSet controller (the sync is requeued with the controller rate limiter). */
export class SyncError extends Error {}
