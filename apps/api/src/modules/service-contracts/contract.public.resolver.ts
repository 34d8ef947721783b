import { Arg, Ctx as Context, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Public } from '../../platform/permissions.js';
import { Idempotent, withoutIdempotencyClaim } from '../../platform/idempotency.js';
import type { DomainEventMessage } from '../../platform/pubsub.js';
import { decodeCursor, encodeCursor } from '../events/event.cursor.js';
import { EventStream, eventHead } from '../events/event.stream.js';
import { contractLinkStillOpen, openContractLink } from './contract.extras.js';
import { ContractView, answerByLink, confirmByLink, contractView, reportByLink } from './contract.public.js';
import { AnswerByLinkInput, ConfirmByLinkInput, ContractAccessInput, ReportFaultByLinkInput } from './service-request.types.js';

const opened = new WeakMap<Ctx, Ctx>();

@Resolver(() => ContractView)
export class ContractPublicResolver {
  @Query(() => ContractView, { description: 'The customer’s contract page: the contract link’s token plus the last four digits of their phone.' })
  @Public('contract customers have no account; the link token and phone digits are the proof')
  async contractView(@Context() ctx: Ctx, @Arg('input', () => ContractAccessInput) input: ContractAccessInput): Promise<ContractView> {
    const holder = await openContractLink(ctx.services, input.token, input.phoneLast4);
    const cursor = encodeCursor(await eventHead(holder));
    return Object.assign(await contractView(holder), { cursor });
  }

  @Mutation(() => ContractView, { description: 'The customer reports a fault (severity 1–3): its SLA clocks start. At most 20 a day.' })
  @Public('contract customers report faults through their contract link')
  @Idempotent<ReportFaultByLinkInput>(async (ctx, first) => contractView(await openContractLink(ctx.services, first.input.token, first.input.phoneLast4)))
  async reportFaultByLink(@Context() ctx: Ctx, @Arg('input', () => ReportFaultByLinkInput) input: ReportFaultByLinkInput): Promise<ContractView> {
    // the link's own transactions come before the write: the idempotency key is claimed by the report's
    const holder = await withoutIdempotencyClaim(() => openContractLink(ctx.services, input.token, input.phoneLast4));
    await reportByLink(holder, input);
    return contractView(holder);
  }

  @Mutation(() => ContractView, { description: 'The customer answers the provider’s question: the paused clocks resume.' })
  @Public('contract customers answer through their contract link')
  async answerServiceRequestByLink(@Context() ctx: Ctx, @Arg('input', () => AnswerByLinkInput) input: AnswerByLinkInput): Promise<ContractView> {
    const holder = await openContractLink(ctx.services, input.token, input.phoneLast4);
    await answerByLink(holder, input);
    return contractView(holder);
  }

  @Mutation(() => ContractView, { description: 'The customer confirms a resolution (closed) or is not satisfied (reopened).' })
  @Public('contract customers answer through their contract link')
  async confirmServiceRequestByLink(@Context() ctx: Ctx, @Arg('input', () => ConfirmByLinkInput) input: ConfirmByLinkInput): Promise<ContractView> {
    const holder = await openContractLink(ctx.services, input.token, input.phoneLast4);
    await confirmByLink(holder, input);
    return contractView(holder);
  }

  @Subscription(() => ContractView, {
    description:
      'The contract page, live: a new view after changes of the contract or its requests (a reply, a clock met, paused or breached). ' +
      'With `after` (a view’s `cursor`), first one view if something changed since then.',
    subscribe: async ({ args, context }) => {
      const { input, after } = args as { input: ContractAccessInput; after?: string | null };
      const ctx = context as Ctx;
      const from = after == null ? null : decodeCursor(after);
      const holder = await openContractLink(ctx.services, input.token, input.phoneLast4);
      opened.set(ctx, holder);
      const contractId = holder.actor.type === 'contractHolder' ? holder.actor.contractId : '';
      const ofContract = (e: DomainEventMessage) =>
        (e.entityType === 'ServiceContract' && e.entityId === contractId) || (e.entityType === 'ServiceRequest' && e.data?.contractId === contractId);
      return EventStream.open(holder, {
        after: from,
        filter: { entityTypes: ['ServiceContract', 'ServiceRequest'], entityId: null },
        matches: ofContract,
        latestOnly: true,
        admit: async (events) => events,
      });
    },
  })
  @Public('contract customers follow their requests through their contract link')
  async contractViewUpdates(
    @Root() event: DomainEventMessage,
    @Context() ctx: Ctx,
    @Arg('input', () => ContractAccessInput) input: ContractAccessInput,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor (a view’s `cursor`).' }) _after?: string | null,
  ): Promise<ContractView> {
    const holder = opened.get(ctx);
    const view = await contractView(holder ? await contractLinkStillOpen(holder) : await openContractLink(ctx.services, input.token, input.phoneLast4));
    return Object.assign(view, { cursor: encodeCursor(event.seq) });
  }
}
