import { Schema } from 'mongoose';

/** A postal or billing address. `country` is an ISO 3166-1 alpha-2 code. */
export interface Address {
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  region?: string;
  country: string;
}

/** The billing address, with the company that is invoiced (when it is not the person). */
export interface BillingAddress extends Address {
  companyName?: string;
}

export const COMPANY_SIZES = ['1', '2-10', '11-50', '51-200', '201-1000', '1001+'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];
export const COMPANY_TYPES = ['sole_trader', 'partnership', 'private_limited', 'public_limited', 'nonprofit', 'public_sector', 'other'] as const;
export type CompanyType = (typeof COMPANY_TYPES)[number];

export interface Company {
  name?: string;
  size?: CompanySize;
  type?: CompanyType;
}

/** Fields a person can edit on My Profile (email has its own confirmation flow). */
export const PROFILE_FIELDS = ['name', 'phone', 'company', 'postalAddress', 'billingAddress', 'dateOfBirth'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/**
 * Who last set a field: `self` (the person), `agent` (support), `provider:<name>` (sign-in sync).
 * Fields set by `self` or `agent` are corrections and are never overwritten by a provider.
 */
export type ChangeSource = 'self' | 'agent' | `provider:${string}` | 'system';

export interface ProfileValues {
  name?: string;
  /** E.164, e.g. +4791234567 */
  phone?: string;
  company?: Company;
  postalAddress?: Address;
  billingAddress?: BillingAddress;
  /** Calendar date YYYY-MM-DD */
  dateOfBirth?: string;
}

/** A profile as the rest of the module sees it (plain object). */
export interface Profile extends ProfileValues {
  accountId: string;
  /** Field name -> who last set it */
  provenance: Partial<Record<ProfileField, ChangeSource>>;
  version: number;
  createdAt?: Date;
  updatedAt?: Date;
}

const AddressSchema = new Schema<BillingAddress>(
  {
    companyName: String,
    line1: String,
    line2: String,
    postalCode: String,
    city: String,
    region: String,
    country: String,
  },
  { _id: false },
);

/** One document per account: the details a customer keeps on My Profile. */
export const PROFILE_MODEL = 'Profile';
export const ProfileSchema = new Schema(
  {
    accountId: { type: String, required: true, unique: true },
    name: String,
    phone: String,
    company: { type: new Schema<Company>({ name: String, size: String, type: String }, { _id: false }), default: undefined },
    postalAddress: { type: AddressSchema, default: undefined },
    billingAddress: { type: AddressSchema, default: undefined },
    dateOfBirth: String,
    provenance: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, required: true, default: 0 },
  },
  { collection: 'profiles', timestamps: true, versionKey: false, minimize: false },
);
