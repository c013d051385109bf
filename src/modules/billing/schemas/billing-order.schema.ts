import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A licence order / invoice from the purchase form, recorded by the billing system. Bookkeeping law
 * requires keeping invoices for years: an erasure strips the person from it and keeps the rest.
 */
@Schema({ collection: 'billing_orders', versionKey: false })
export class BillingOrderDoc {
  /** The billing system's own id of the invoice (unique per system) */
  @Prop({ type: String, required: true, unique: true })
  externalId: string;

  @Prop({ type: String, required: true })
  source: string;

  /** The customer, while the account exists */
  @Prop({ type: String, index: true })
  accountId?: string;

  /** Lower-cased; a contact may be someone without an account */
  @Prop({ type: String, index: true })
  contactEmail?: string;

  @Prop({ type: String })
  contactName?: string;

  @Prop({ type: String, required: true })
  billingCompany: string;

  @Prop({ type: Object, required: true })
  billingAddress: Record<string, string>;

  @Prop({ type: String, required: true })
  product: string;

  @Prop({ type: Number, required: true })
  amountMinor: number;

  @Prop({ type: String, required: true })
  currency: string;

  @Prop({ type: Date, required: true })
  invoiceDate: Date;

  /**
   * The end of bookkeeping retention (invoice date + BILLING_RETENTION_YEARS), set when recorded. Once the
   * person is erased (no accountId, no contact fields) the invoice is deleted after this date.
   */
  @Prop({ type: Date, index: true })
  keptUntil?: Date;
}
export const BillingOrderSchema = SchemaFactory.createForClass(BillingOrderDoc);
