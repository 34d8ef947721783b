import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maskPhone } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { Idempotent } from '../../platform/idempotency.js';
import { addVehicle, createCustomer, getCustomer, getVehicle, searchCustomers, vehiclesByCustomer } from './customer.service.js';
import { AddVehicleInput, CreateCustomerInput, CustomerConnection, CustomerPayload, CustomerType, VehiclePayload, VehicleType } from './customer.types.js';

@Resolver(() => CustomerType)
export class CustomerResolver {
  @Query(() => CustomerConnection, { description: 'Customer files, newest first; search by name, phone (or its last four digits), plate or VIN.' })
  @Permit('read', 'Customer')
  async customers(
    @Context() ctx: Ctx,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<InstanceType<typeof CustomerConnection>> {
    const page = await searchCustomers(ctx, { search, first, after });
    return { ...page, nodes: page.nodes.map((c) => CustomerType.from(c, maskPhone)) };
  }

  @Query(() => CustomerType)
  @Permit('read', 'Customer')
  async customer(@Context() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<CustomerType> {
    return CustomerType.from(await getCustomer(ctx, id), maskPhone);
  }

  @Query(() => VehicleType)
  @Permit('read', 'Vehicle')
  async vehicle(@Context() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<VehicleType> {
    return VehicleType.from(await getVehicle(ctx, id));
  }

  @Mutation(() => CustomerPayload, { description: 'Open a customer file, optionally with vehicles.' })
  @Permit('create', 'Customer')
  @Idempotent(async (ctx, first) => ({ customer: CustomerType.from(await getCustomer(ctx, first.resultId), maskPhone) }))
  async createCustomer(@Context() ctx: Ctx, @Arg('input', () => CreateCustomerInput) input: CreateCustomerInput): Promise<CustomerPayload> {
    return { customer: CustomerType.from(await createCustomer(ctx, input), maskPhone) };
  }

  @Mutation(() => VehiclePayload)
  @Permit('create', 'Vehicle')
  @Idempotent(async (ctx, first) => ({ vehicle: VehicleType.from(await getVehicle(ctx, first.resultId)) }))
  async addVehicle(@Context() ctx: Ctx, @Arg('input', () => AddVehicleInput) input: AddVehicleInput): Promise<VehiclePayload> {
    return { vehicle: VehicleType.from(await addVehicle(ctx, input)) };
  }

  @FieldResolver(() => [VehicleType])
  async vehicles(@Root() customer: CustomerType, @Context() ctx: Ctx): Promise<VehicleType[]> {
    return ((await vehiclesByCustomer(ctx).load(customer.id)) ?? []).map(VehicleType.from);
  }
}
