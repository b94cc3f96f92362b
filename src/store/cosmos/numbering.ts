import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError } from '../../errors.js';
import { COUNTER_ID, type CounterDoc } from './documents.js';
import type { Requests } from './requests.js';

/** Intake keys remembered on the counter: enough to cover Teams' redelivery window. */
const RECENT_INTAKES = 50;

/** Creates racing for one tenant's counter; each loser re-reads and tries again. */
const MAX_ATTEMPTS = 100;

export interface Reservation {
  readonly number: number;
  /** False when the intake key already held this number (a redelivery or a retried create). */
  readonly fresh: boolean;
}

/**
 * Hands out ticket numbers per tenant from one counter document, replaced only over the ETag it
 * was read with: of two instances numbering at once, one write wins and the other reads again,
 * so no number is given twice. The same write records which intake key got the number, so a
 * create that stopped between numbering and writing the ticket is completed by its retry
 * instead of taking a second number.
 */
export class TicketNumbers {
  constructor(
    private readonly tickets: Requests,
    private readonly firstNumber: number,
  ) {}

  async reserve(tenantId: string, intakeKey: string): Promise<Reservation> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const counter = await this.tickets.read<CounterDoc>(COUNTER_ID, tenantId);
      const held = counter?.recent.find((r) => r.key === intakeKey);
      if (held) return { number: held.number, fresh: false };

      const number = (counter?.value ?? this.firstNumber) + 1;
      const next: CounterDoc = {
        id: COUNTER_ID,
        tenantId,
        type: 'counter',
        value: number,
        recent: [...(counter?.recent ?? []), { key: intakeKey, number }].slice(-RECENT_INTAKES),
      };
      const written = counter
        ? await this.tickets.replace(next, tenantId, counter._etag)
        : await this.tickets.create(next);
      if (typeof written === 'object') return { number, fresh: true };
      // Another instance numbered a ticket since our read: back off a little and read again.
      await sleep(Math.round(Math.random() * Math.min(50, 2 * attempt)));
    }
    throw new ConflictError(`The ticket counter of tenant ${tenantId}`);
  }
}
