import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Customer, UsageUnit, Vehicle } from './customer.entity.js';
import { ConnectionType } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';

export const UsageUnitEnum = { KM: 'KM', HOURS: 'HOURS' } as const;
registerEnumType(UsageUnitEnum, { name: 'UsageUnit', description: 'How the vehicle’s usage is metered: kilometres or engine hours.' });

@ObjectType('Vehicle', { description: 'One file per vehicle (一车一档).' })
export class VehicleType {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => String, { description: 'VIN or machine serial number.' }) vin!: string;
  @Field(() => String, { nullable: true }) plate!: string | null;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => UsageUnitEnum) usageUnit!: UsageUnit;
  @Field(() => Int, { nullable: true }) currentMeter!: number | null;
  @Field(() => String, { nullable: true, description: 'Next maintenance due day (YYYY-MM-DD).' }) nextMaintenanceOn!: string | null;
  @Field(() => Int, { nullable: true }) nextMaintenanceMeter!: number | null;
  @Field(() => Int) version!: number;

  static from(v: Vehicle): VehicleType {
    return Object.assign(new VehicleType(), {
      id: v.id,
      customerId: v.customerId,
      vin: v.vin,
      plate: v.plate,
      brand: v.brand,
      model: v.model,
      usageUnit: v.usageUnit,
      currentMeter: v.currentMeter,
      nextMaintenanceOn: v.nextMaintenanceOn,
      nextMaintenanceMeter: v.nextMaintenanceMeter,
      version: v.version,
    });
  }
}

@ObjectType('Customer', { description: 'Customer file (客户档案) of a dealer or shop.' })
export class CustomerType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Full number, for staff of the owning tenant only.' }) phone!: string;
  @Field(() => String, { description: 'Masked, e.g. 138****5678.' }) phoneMasked!: string;
  @Field(() => String, { nullable: true }) company!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => Int, { description: 'Appointments missed (credit record).' }) noShowCount!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;

  static from(c: Customer, mask: (p: string) => string): CustomerType {
    return Object.assign(new CustomerType(), {
      id: c.id,
      name: c.name,
      phone: c.phone,
      phoneMasked: mask(c.phone),
      company: c.company,
      address: c.address,
      notes: c.notes,
      noShowCount: c.noShowCount,
      createdAt: c.createdAt,
      version: c.version,
    });
  }
}

export const CustomerConnection = ConnectionType(CustomerType, 'CustomerConnection');

@InputType()
export class VehicleInput {
  @Field(() => String) vin!: string;
  @Field(() => String, { nullable: true }) plate?: string | null;
  @Field(() => String, { nullable: true }) brand?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => UsageUnitEnum, { nullable: true }) usageUnit?: UsageUnit | null;
  @Field(() => Int, { nullable: true }) currentMeter?: number | null;
  @Field(() => String, { nullable: true }) nextMaintenanceOn?: string | null;
  @Field(() => Int, { nullable: true }) nextMaintenanceMeter?: number | null;
}

@InputType()
export class CreateCustomerInput {
  @Field(() => String) name!: string;
  @Field(() => String) phone!: string;
  @Field(() => String, { nullable: true }) company?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => [VehicleInput], { nullable: true, description: 'Vehicles to file with the customer.' }) vehicles?: VehicleInput[] | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class AddVehicleInput extends VehicleInput {
  @Field(() => ID) customerId!: string;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@ObjectType()
export class CustomerPayload {
  @Field(() => CustomerType) customer!: CustomerType;
}

@ObjectType()
export class VehiclePayload {
  @Field(() => VehicleType) vehicle!: VehicleType;
}
