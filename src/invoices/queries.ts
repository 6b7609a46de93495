import { RecordQueries } from "../lifecycle/queries.js";
import type { InvoiceRecord } from "./types.js";

/** Read access to invoices, with the same rules of who sees what as payments. */
export class InvoiceQueries extends RecordQueries<InvoiceRecord> {}
