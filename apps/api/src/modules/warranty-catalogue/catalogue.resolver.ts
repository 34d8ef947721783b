import { Arg, Ctx as Context, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import {
  createCampaign,
  createLabourOperation,
  createOemPart,
  createVehicleModel,
  createWarrantyPolicy,
  getCatalogue,
  getCoverage,
  registerWarranty,
} from './catalogue.service.js';
import {
  CampaignType,
  CreateCampaignInput,
  CreateLabourOperationInput,
  CreateOemPartInput,
  CreateVehicleModelInput,
  CreateWarrantyPolicyInput,
  LabourOperationType,
  OemPartType,
  RegisterWarrantyInput,
  VehicleModelType,
  WarrantyCatalogueType,
  WarrantyCoverageType,
  WarrantyPolicyType,
  WarrantyRegistrationType,
} from './catalogue.types.js';

@Resolver()
export class CatalogueResolver {
  @Query(() => WarrantyCatalogueType, { description: 'A manufacturer’s warranty catalogue: its own, or (dealers) one that authorises them.' })
  @Permit('read', 'WarrantyCatalogue')
  async warrantyCatalogue(@Context() ctx: Ctx, @Arg('manufacturerId', () => ID, { nullable: true }) manufacturerId?: string | null) {
    return WarrantyCatalogueType.from(await getCatalogue(ctx, manufacturerId));
  }

  @Query(() => WarrantyCoverageType, { description: 'Registration, model, policy and open campaigns of a VIN at a manufacturer.' })
  @Permit('read', 'WarrantyCatalogue')
  async warrantyCoverage(
    @Context() ctx: Ctx,
    @Arg('vin', () => String) vin: string,
    @Arg('manufacturerId', () => ID, { nullable: true }) manufacturerId?: string | null,
  ) {
    return WarrantyCoverageType.from(await getCoverage(ctx, manufacturerId, vin));
  }

  @Mutation(() => VehicleModelType)
  @Permit('create', 'WarrantyCatalogue')
  async createVehicleModel(@Context() ctx: Ctx, @Arg('input', () => CreateVehicleModelInput) input: CreateVehicleModelInput) {
    return VehicleModelType.from(await createVehicleModel(ctx, input));
  }

  @Mutation(() => WarrantyPolicyType)
  @Permit('create', 'WarrantyCatalogue')
  async createWarrantyPolicy(@Context() ctx: Ctx, @Arg('input', () => CreateWarrantyPolicyInput) input: CreateWarrantyPolicyInput) {
    return WarrantyPolicyType.from(await createWarrantyPolicy(ctx, input));
  }

  @Mutation(() => WarrantyRegistrationType, { description: 'Register a sold vehicle for warranty (保修登记).' })
  @Permit('create', 'WarrantyCatalogue')
  async registerWarranty(@Context() ctx: Ctx, @Arg('input', () => RegisterWarrantyInput) input: RegisterWarrantyInput) {
    return WarrantyRegistrationType.from(await registerWarranty(ctx, input));
  }

  @Mutation(() => LabourOperationType)
  @Permit('create', 'WarrantyCatalogue')
  async createLabourOperation(@Context() ctx: Ctx, @Arg('input', () => CreateLabourOperationInput) input: CreateLabourOperationInput) {
    return LabourOperationType.from(await createLabourOperation(ctx, input));
  }

  @Mutation(() => OemPartType)
  @Permit('create', 'WarrantyCatalogue')
  async createOemPart(@Context() ctx: Ctx, @Arg('input', () => CreateOemPartInput) input: CreateOemPartInput) {
    return OemPartType.from(await createOemPart(ctx, input));
  }

  @Mutation(() => CampaignType, { description: 'Open a recall or service campaign for a list of VINs.' })
  @Permit('create', 'WarrantyCatalogue')
  async createCampaign(@Context() ctx: Ctx, @Arg('input', () => CreateCampaignInput) input: CreateCampaignInput) {
    return CampaignType.from(await createCampaign(ctx, input));
  }
}
