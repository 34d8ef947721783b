import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EvidenceKindEnum } from '../attachments/attachment.types.js';
import { Money } from '../../platform/graphql/common.js';
import type { EvidenceKind } from '@asn/domain';
import type { Campaign, LabourOperation, OemPart, VehicleModel, WarrantyPolicy, WarrantyRegistration } from './catalogue.entity.js';
import type { Catalogue, Coverage } from './catalogue.service.js';

export const ModelCategoryEnum = { PASSENGER_CAR: 'PASSENGER_CAR', TRUCK: 'TRUCK', LOADER: 'LOADER', EXCAVATOR: 'EXCAVATOR', OTHER: 'OTHER' } as const;
registerEnumType(ModelCategoryEnum, { name: 'ModelCategory' });
export const CampaignKindEnum = { RECALL: 'RECALL', SERVICE: 'SERVICE' } as const;
registerEnumType(CampaignKindEnum, { name: 'CampaignKind', description: 'Recall (召回) or service campaign (服务活动).' });
export const MeterUnitEnum = { KM: 'KM', HOURS: 'HOURS' } as const;
registerEnumType(MeterUnitEnum, { name: 'MeterUnit', description: 'Kilometres or engine hours.' });

const money = (amountMinor: string | null, currency: string): Money | null =>
  amountMinor == null ? null : Object.assign(new Money(), { amountMinor, currency });

@ObjectType('VehicleModel', { description: 'A model (车型/机型) of the manufacturer.' })
export class VehicleModelType {
  @Field(() => ID) id!: string;
  @Field(() => String) brand!: string;
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => ModelCategoryEnum) category!: string;
  @Field(() => MeterUnitEnum) usageUnit!: string;
  static from(m: VehicleModel): VehicleModelType {
    return Object.assign(new VehicleModelType(), { id: m.id, brand: m.brand, code: m.code, name: m.name, category: m.category, usageUnit: m.usageUnit });
  }
}

@ObjectType('CoverageTerm', { description: 'Months and km/hours, whichever comes first; no component group: the base warranty.' })
export class CoverageTermType {
  @Field(() => String, { nullable: true }) componentGroup!: string | null;
  @Field(() => Int) months!: number;
  @Field(() => Int) meterLimit!: number;
}

@ObjectType('WarrantyPolicy', { description: 'A warranty policy (保修政策).' })
export class WarrantyPolicyType {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => [CoverageTermType]) terms!: CoverageTermType[];
  @Field(() => [String], { description: 'Component groups never covered.' }) exclusions!: string[];
  @Field(() => Int) partsWarrantyMonths!: number;
  @Field(() => Int, { description: 'Days after the repair a claim may be filed.' }) filingDeadlineDays!: number;
  @Field(() => Int) duplicateWindowDays!: number;
  @Field(() => Int, { description: '三包: the repair of the same fault that makes a vehicle eligible for replacement/refund.' }) sanbaoThreshold!: number;
  @Field(() => Money, { nullable: true, description: 'Clean claims up to this amount are approved automatically.' }) autoApproveLimit!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Claims above this need an approved pre-authorisation.' }) preAuthorizationLimit!: Money | null;
  @Field(() => [EvidenceKindEnum]) requiredEvidence!: EvidenceKind[];
  @Field(() => Int, { description: 'The manufacturer’s own review-time target.' }) reviewTargetHours!: number;
  @Field(() => Boolean) partsReturnRequired!: boolean;
  static from(p: WarrantyPolicy): WarrantyPolicyType {
    return Object.assign(new WarrantyPolicyType(), {
      id: p.id,
      code: p.code,
      name: p.name,
      terms: p.terms.map((t) => Object.assign(new CoverageTermType(), t)),
      exclusions: p.exclusions,
      partsWarrantyMonths: p.partsWarrantyMonths,
      filingDeadlineDays: p.filingDeadlineDays,
      duplicateWindowDays: p.duplicateWindowDays,
      sanbaoThreshold: p.sanbaoThreshold,
      autoApproveLimit: money(p.autoApproveLimitMinor, p.currency),
      preAuthorizationLimit: money(p.preAuthorizationLimitMinor, p.currency),
      requiredEvidence: p.requiredEvidence,
      reviewTargetHours: p.reviewTargetHours,
      partsReturnRequired: p.partsReturnRequired,
    });
  }
}

@ObjectType('LabourOperation', { description: 'A labour operation of the catalogue (工时定额).' })
export class LabourOperationType {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) descriptionZh!: string;
  @Field(() => String) descriptionEn!: string;
  @Field(() => Int, { description: 'Standard hours × 1000.' }) standardHoursMilli!: number;
  @Field(() => String) componentGroup!: string;
  @Field(() => [EvidenceKindEnum]) requiredEvidence!: EvidenceKind[];
  static from(o: LabourOperation): LabourOperationType {
    const { tenantId: _t, createdAt: _c, version: _v, ...rest } = o;
    return Object.assign(new LabourOperationType(), rest);
  }
}

@ObjectType('OemPart', { description: 'An OEM part with its list price.' })
export class OemPartType {
  @Field(() => ID) id!: string;
  @Field(() => String) partNumber!: string;
  @Field(() => String) name!: string;
  @Field(() => String) componentGroup!: string;
  @Field(() => Money) listPrice!: Money;
  @Field(() => ID, { nullable: true, description: 'The supplier that makes it.' }) supplierId!: string | null;
  static from(p: OemPart): OemPartType {
    return Object.assign(new OemPartType(), {
      id: p.id,
      partNumber: p.partNumber,
      name: p.name,
      componentGroup: p.componentGroup,
      listPrice: money(p.listPriceMinor, p.currency),
      supplierId: p.supplierId,
    });
  }
}

@ObjectType('Campaign', { description: 'A recall or service campaign.' })
export class CampaignType {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => CampaignKindEnum) kind!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) labourOperationCode!: string | null;
  @Field(() => String) opensOn!: string;
  @Field(() => String, { nullable: true }) closesOn!: string | null;
  static from(c: Campaign): CampaignType {
    const { tenantId: _t, createdAt: _c, version: _v, ...rest } = c;
    return Object.assign(new CampaignType(), rest);
  }
}

@ObjectType('WarrantyRegistration', { description: 'A warranty registration (保修登记) of a VIN.' })
export class WarrantyRegistrationType {
  @Field(() => ID) id!: string;
  @Field(() => String) vin!: string;
  @Field(() => String) saleDate!: string;
  @Field(() => String) warrantyStart!: string;
  @Field(() => ID, { nullable: true }) sellingDealerId!: string | null;
  @Field(() => Date, { nullable: true, description: '三包: when the vehicle became eligible for replacement/refund.' }) sanbaoEligibleAt!: Date | null;
  static from(r: WarrantyRegistration): WarrantyRegistrationType {
    return Object.assign(new WarrantyRegistrationType(), {
      id: r.id,
      vin: r.vin,
      saleDate: r.saleDate,
      warrantyStart: r.warrantyStart,
      sellingDealerId: r.sellingDealerId,
      sanbaoEligibleAt: r.sanbaoEligibleAt,
    });
  }
}

@ObjectType('WarrantyCatalogue', { description: 'A manufacturer’s warranty master data.' })
export class WarrantyCatalogueType {
  @Field(() => ID) manufacturerId!: string;
  @Field(() => String) manufacturerName!: string;
  @Field(() => [VehicleModelType]) models!: VehicleModelType[];
  @Field(() => [WarrantyPolicyType]) policies!: WarrantyPolicyType[];
  @Field(() => [LabourOperationType]) labourOperations!: LabourOperationType[];
  @Field(() => [OemPartType], { description: 'At most 1000, by part number.' }) parts!: OemPartType[];
  @Field(() => [CampaignType]) campaigns!: CampaignType[];
  static from(c: Catalogue): WarrantyCatalogueType {
    return Object.assign(new WarrantyCatalogueType(), {
      manufacturerId: c.manufacturerId,
      manufacturerName: c.manufacturerName,
      models: c.models.map(VehicleModelType.from),
      policies: c.policies.map(WarrantyPolicyType.from),
      labourOperations: c.labourOperations.map(LabourOperationType.from),
      parts: c.parts.map(OemPartType.from),
      campaigns: c.campaigns.map(CampaignType.from),
    });
  }
}

@ObjectType('WarrantyCoverage', { description: 'What the manufacturer knows of a VIN.' })
export class WarrantyCoverageType {
  @Field(() => String) vin!: string;
  @Field(() => WarrantyRegistrationType, { nullable: true }) registration!: WarrantyRegistrationType | null;
  @Field(() => VehicleModelType, { nullable: true }) model!: VehicleModelType | null;
  @Field(() => WarrantyPolicyType, { nullable: true }) policy!: WarrantyPolicyType | null;
  @Field(() => [CampaignType], { description: 'Open campaigns listing the VIN, not yet claimed.' }) openCampaigns!: CampaignType[];
  static from(c: Coverage): WarrantyCoverageType {
    return Object.assign(new WarrantyCoverageType(), {
      vin: c.vin,
      registration: c.registration && WarrantyRegistrationType.from(c.registration),
      model: c.model && VehicleModelType.from(c.model),
      policy: c.policy && WarrantyPolicyType.from(c.policy),
      openCampaigns: c.openCampaigns.map(CampaignType.from),
    });
  }
}

@InputType()
export class CreateVehicleModelInput {
  @Field(() => String) brand!: string;
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => ModelCategoryEnum) category!: 'PASSENGER_CAR' | 'TRUCK' | 'LOADER' | 'EXCAVATOR' | 'OTHER';
  @Field(() => MeterUnitEnum) usageUnit!: 'KM' | 'HOURS';
}

@InputType()
export class CoverageTermInput {
  @Field(() => String, { nullable: true, description: 'Leave empty for the base term.' }) componentGroup?: string | null;
  @Field(() => Int) months!: number;
  @Field(() => Int) meterLimit!: number;
}

@InputType()
export class CreateWarrantyPolicyInput {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => [CoverageTermInput]) terms!: CoverageTermInput[];
  @Field(() => [String], { nullable: true }) exclusions?: string[] | null;
  @Field(() => Int, { nullable: true }) partsWarrantyMonths?: number | null;
  @Field(() => Int) filingDeadlineDays!: number;
  @Field(() => Int) duplicateWindowDays!: number;
  @Field(() => Int) sanbaoThreshold!: number;
  @Field(() => String, { nullable: true }) autoApproveLimitMinor?: string | null;
  @Field(() => String, { nullable: true }) preAuthorizationLimitMinor?: string | null;
  @Field(() => [EvidenceKindEnum], { nullable: true }) requiredEvidence?: EvidenceKind[] | null;
  @Field(() => Int, { nullable: true }) reviewTargetHours?: number | null;
  @Field(() => Boolean, { nullable: true }) partsReturnRequired?: boolean | null;
}

@InputType()
export class RegisterWarrantyInput {
  @Field(() => String) vin!: string;
  @Field(() => String) modelCode!: string;
  @Field(() => String) policyCode!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) saleDate!: string;
  @Field(() => String, { nullable: true, description: 'Default: the sale date.' }) warrantyStart?: string | null;
  @Field(() => ID, { nullable: true }) sellingDealerId?: string | null;
}

@InputType()
export class CreateLabourOperationInput {
  @Field(() => String) code!: string;
  @Field(() => String) descriptionZh!: string;
  @Field(() => String) descriptionEn!: string;
  @Field(() => Int) standardHoursMilli!: number;
  @Field(() => String) componentGroup!: string;
  @Field(() => [EvidenceKindEnum], { nullable: true }) requiredEvidence?: EvidenceKind[] | null;
}

@InputType()
export class CreateOemPartInput {
  @Field(() => String) partNumber!: string;
  @Field(() => String) name!: string;
  @Field(() => String) componentGroup!: string;
  @Field(() => String) listPriceMinor!: string;
  @Field(() => ID, { nullable: true }) supplierId?: string | null;
}

@InputType()
export class CreateCampaignInput {
  @Field(() => String) code!: string;
  @Field(() => CampaignKindEnum) kind!: 'RECALL' | 'SERVICE';
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) labourOperationCode?: string | null;
  @Field(() => String) opensOn!: string;
  @Field(() => String, { nullable: true }) closesOn?: string | null;
  @Field(() => [String]) vins!: string[];
}
