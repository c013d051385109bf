import { Injectable } from '@nestjs/common';
import countries from 'i18n-iso-countries';
import { Clock } from '../../core/clock/clock';
import type { FieldError } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { CreateRecipientDto, UpdateRecipientDto } from './dto/recipient.dto';
import { RecipientsRepository } from './recipients.repository';
import { InvalidRecipientError, RecipientChangedError, RecipientNotFoundError } from './transfers.errors';
import type { Recipient, RecipientKind } from './transfers.types';

/** The recipients registry: who receives personal data from us, under which mechanism and agreement. */
@Injectable()
export class RecipientsService {
  constructor(
    private readonly repo: RecipientsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateRecipientDto, actor: string): Promise<Recipient> {
    const now = this.clock.now();
    const activeFrom = input.activeFrom ? new Date(input.activeFrom) : now;
    const activeUntil = input.activeUntil ? new Date(input.activeUntil) : undefined;
    this.check({ country: input.country, kind: input.kind, legalReference: input.legalReference, activeFrom, activeUntil });
    const recipient = await this.repo.create({
      name: input.name,
      kind: input.kind,
      country: input.country,
      mechanism: input.mechanism,
      purposes: input.purposes,
      categories: input.categories,
      agreementRef: input.agreementRef || undefined,
      legalReference: input.legalReference || undefined,
      noticeEmail: input.noticeEmail.toLowerCase(),
      locale: input.locale ?? 'en',
      activeFrom,
      activeUntil,
      version: 0,
      createdAt: now,
      updatedAt: now,
    });
    await this.audit.record({
      actor,
      action: 'transfers.recipient.create',
      target: `recipient:${recipient.id}`,
      outcome: 'success',
      details: { kind: recipient.kind },
    });
    return recipient;
  }

  async update(id: string, input: UpdateRecipientDto, actor: string): Promise<Recipient> {
    const current = await this.get(id);
    if (current.version !== input.version) throw new RecipientChangedError();
    const { version, ...changes } = input;
    const set: Partial<Omit<Recipient, 'id'>> = {};
    for (const [k, v] of Object.entries(changes)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    if (set.noticeEmail) set.noticeEmail = set.noticeEmail.toLowerCase();
    const activeFrom = input.activeFrom ? new Date(input.activeFrom) : current.activeFrom;
    const activeUntil = input.activeUntil ? new Date(input.activeUntil) : current.activeUntil;
    if (input.activeFrom) set.activeFrom = activeFrom;
    if (input.activeUntil) set.activeUntil = activeUntil;
    this.check({
      country: set.country ?? current.country,
      kind: current.kind,
      legalReference: set.legalReference ?? current.legalReference,
      activeFrom,
      activeUntil,
    });
    set.updatedAt = this.clock.now(); // (the guarded update increments the version)
    const updated = await this.repo.update(id, version, set);
    if (!updated) throw new RecipientChangedError();
    await this.audit.record({
      actor,
      action: 'transfers.recipient.update',
      target: `recipient:${id}`,
      outcome: 'success',
      details: {
        fields: Object.keys(changes)
          .filter((k) => (changes as Record<string, unknown>)[k] !== undefined)
          .join(','),
      },
    });
    return updated;
  }

  /** Ends the recipient's active period now: no new transfers to it are accepted; its history stays. */
  async deactivate(id: string, actor: string): Promise<Recipient> {
    const current = await this.get(id);
    if (current.deactivatedAt) return current;
    const now = this.clock.now();
    const updated = await this.repo.update(id, current.version, { deactivatedAt: now, updatedAt: now });
    if (!updated) throw new RecipientChangedError();
    await this.audit.record({ actor, action: 'transfers.recipient.deactivate', target: `recipient:${id}`, outcome: 'success' });
    return updated;
  }

  async get(id: string): Promise<Recipient> {
    const r = await this.repo.findById(id);
    if (!r) throw new RecipientNotFoundError();
    return r;
  }

  findByIds(ids: string[]): Promise<Recipient[]> {
    return this.repo.findByIds(ids);
  }

  list(opts: { kind?: RecipientKind; before?: string; limit?: number } = {}): Promise<Recipient[]> {
    return this.repo.list(opts);
  }

  /** Within its active period and not deactivated. */
  isActive(r: Recipient, at: Date = this.clock.now()): boolean {
    const t = at.getTime();
    return !r.deactivatedAt && new Date(r.activeFrom).getTime() <= t && (!r.activeUntil || new Date(r.activeUntil).getTime() > t);
  }

  private check(r: { country: string; kind: RecipientKind; legalReference?: string; activeFrom: Date; activeUntil?: Date }): void {
    const errors: FieldError[] = [];
    if (!countries.isValid(r.country)) errors.push({ field: 'country', message: `${r.country} is not an ISO 3166-1 country code` });
    if (r.kind === 'authority' && !r.legalReference?.trim())
      errors.push({ field: 'legalReference', message: 'is required for an authority (the law that requires the disclosure)' });
    if (r.activeUntil && r.activeUntil.getTime() <= r.activeFrom.getTime()) errors.push({ field: 'activeUntil', message: 'must be after activeFrom' });
    if (errors.length) throw new InvalidRecipientError(errors);
  }
}
