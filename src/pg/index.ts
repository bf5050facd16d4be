// `pos8583/pg`: the host kit's shared store in PostgreSQL, for workers on one machine or many. Pass it a `pg` Pool.
export { PgHostStore, type PgHostStoreOptions, type PgQueryable } from './pg-host-store.js';
