import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '@asn/domain';
import { codeOf, startTestApi, type Client, type GqlResult, type TestApi } from '../../test/harness.js';

/** A JPEG header followed by some distinct bytes (the API looks at the magic bytes, not at pixels). */
const jpeg = (tag: string, size = 64) => {
  const b = Buffer.alloc(size, 0x20);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b);
  Buffer.from(tag, 'utf8').copy(b, 12);
  return b;
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)]);
const HTML = Buffer.from('<!DOCTYPE html><html><script>fetch("/graphql")</script></html>');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

const UPLOAD = `mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment {
  id ownerType ownerId fileName contentType sizeBytes sha256 customerVisible takenAt place latitude longitude uploadedBy url } } }`;
const PHOTOS = `query($i: TrackingAccessInput!) { tracking(input: $i) { pendingAdditionalWork { id description photos { id url fileName } } lines { id photos { id } } } }`;

describe('attachments: photos of proposed additional work and of on-site visits', () => {
  let t: TestApi;
  let base: string;
  let advisor: Client;
  let tech: Client;
  let otherTech: Client;
  let inspector: Client;
  let controller: Client;
  let rival: Client;
  let orderId: string;
  let estimateLineId: string;
  let extraLineId: string;
  let secondExtraLineId: string;
  let token: string;
  let linkId: string;
  let photoId: string;
  let photoUrl: string;

  const upload = (c: Client, ownerId: string, bytes: Buffer, extra: Record<string, unknown> = {}) =>
    c.upload(UPLOAD, {
      i: { ownerType: 'REPAIR_ORDER_LINE', ownerId, fileName: 'photo.jpg', contentType: 'image/jpeg', contentBase64: bytes.toString('base64'), ...extra },
    });
  const problems = (r: GqlResult) => (r.errors?.[0]?.extensions?.details as { problems?: { field: string; message: string }[] } | undefined)?.problems ?? [];
  const count = async () => Number((await t.sql(`select count(*)::int as n from attachments`))[0].n);
  const writes = async () =>
    JSON.stringify(await t.sql(`select (select count(*) from attachments) a, (select count(*) from audit_log) l, (select count(*) from outbox) o`));
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
  const version = async () => (await t.sql(`select version from repair_orders where id = $1`, [orderId]))[0].version as number;
  const step = async (c: Client, name: string, type: string, extra: Record<string, unknown> = {}) =>
    c.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status lines { id additional description } } } }`, {
      i: { id: orderId, version: await version(), ...extra },
    });

  beforeAll(async () => {
    t = await startTestApi();
    base = t.url.replace(/\/graphql$/, '');
    advisor = await t.as('advisor@dealer-east.demo');
    tech = await t.as('tech@dealer-east.demo');
    inspector = await t.as('inspector@dealer-east.demo');
    controller = await t.as('controller@dealer-east.demo');
    rival = await t.as('admin@dealer-east2.demo');
    const admin = await t.as('admin@dealer-east.demo');
    await admin.ok(
      `mutation { inviteUser(input: { email: "tech8@dealer-east.demo", displayName: "钱师傅", roles: [TECHNICIAN], initialPassword: "tech8-password" }) { user { id } } }`,
    );
    otherTech = await t.client().signIn('tech8@dealer-east.demo', 'tech8-password');

    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "冯军", phone: "13822223333", vehicles: [{ vin: "LSVAU2180N2100001", plate: "沪F12345" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "刹车异响" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    orderId = o.createRepairOrder.repairOrder.id;
    await step(advisor, 'checkInRepairOrder', 'CheckInInput', { meter: 30000, customerSigned: true });
    await step(advisor, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '制动', finding: '刹车片磨损' }], summary: '更换刹车片' });
    const est = await step(advisor, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'LABOUR', description: '更换前刹车片', hours: '1', rateMinor: '10000', payType: 'CUSTOMER' }],
    });
    estimateLineId = est.estimateRepairOrder.repairOrder.lines[0].id;
    await step(advisor, 'approveRepairOrder', 'OrderRef');
    await step(controller, 'dispatchRepairOrder', 'DispatchInput', { technicianId: await t.userId('tech@dealer-east.demo') });
    await step(tech, 'startRepairWork', 'OrderRef');
    const p = await step(tech, 'proposeAdditionalWork', 'ProposeAdditionalWorkInput', {
      reason: '刹车盘有裂纹',
      safetyRelevant: true,
      lines: [
        { kind: 'PART', description: '前刹车盘', partNumber: 'DISC-1', quantity: '2', unitPriceMinor: '45000', source: 'OEM', payType: 'CUSTOMER' },
        { kind: 'LABOUR', description: '清洗节气门', hours: '0.5', rateMinor: '10000', payType: 'CUSTOMER' },
      ],
    });
    const extra = p.proposeAdditionalWork.repairOrder.lines.filter((l: { additional: boolean }) => l.additional);
    extraLineId = extra.find((l: { description: string }) => l.description === '前刹车盘').id;
    secondExtraLineId = extra.find((l: { description: string }) => l.description === '清洗节气门').id;
    const link = await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token link { id } } }`, { id: orderId });
    token = link.createTrackingLink.token;
    linkId = link.createTrackingLink.link.id;
  });
  afterAll(() => t.stop());

  it('the technician of the order attaches a photo to proposed extra work: stored with its hash, name neutralised, audited on the order', async () => {
    const bytes = jpeg('cracked disc');
    const r = await upload(tech, extraLineId, bytes, { fileName: '../../etc/passwd.jpg', takenAt: new Date(Date.now() - 60_000).toISOString() });
    expect(r.errors).toBeUndefined();
    const a = r.data!.uploadAttachment.attachment;
    expect(a).toMatchObject({
      ownerType: 'REPAIR_ORDER_LINE',
      ownerId: extraLineId,
      fileName: 'passwd.jpg',
      contentType: 'image/jpeg',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      customerVisible: true,
      uploadedBy: await t.userId('tech@dealer-east.demo'),
      url: `/files/${a.id}`,
    });
    photoId = a.id;
    const [row] = await t.sql(`select tenant_id, repair_order_id, content from attachments where id = $1`, [a.id]);
    expect(Buffer.compare(row.content, bytes)).toBe(0);
    expect(row.tenant_id).toBe(await t.tenantId('DLR-E1'));
    expect(row.repair_order_id).toBe(orderId);
    const [audit] = await t.sql(
      `select entity_type, entity_id, actor_user_id, after from audit_log where action = 'attachment.uploaded' and entity_type = 'RepairOrder'`,
    );
    expect(audit).toMatchObject({
      entity_type: 'RepairOrder',
      entity_id: orderId,
      after: { attachmentId: a.id, fileName: 'passwd.jpg', ownerId: extraLineId },
    });
    expect((await t.sql(`select count(*)::int as n from outbox where type = 'attachment.uploaded' and entity_id = $1`, [orderId]))[0].n).toBe(1);
    // the order page lists it on the line (and nothing on the estimate line)
    const detail = await advisor.ok(`query($id: ID!) { repairOrder(id: $id) { lines { id attachments { id fileName url } } timeline { action } } }`, {
      id: orderId,
    });
    const lines = detail.repairOrder.lines as { id: string; attachments: { id: string }[] }[];
    expect(lines.find((l) => l.id === extraLineId)!.attachments.map((x) => x.id)).toEqual([a.id]);
    expect(lines.find((l) => l.id === estimateLineId)!.attachments).toEqual([]);
    expect(detail.repairOrder.timeline.map((e: { action: string }) => e.action)).toContain('attachment.uploaded');
  });

  it('refuses type spoofing (a .jpg that is HTML or PDF, a PNG declared as JPEG) with a coded field error, writing nothing', async () => {
    const before = await writes();
    const html = await upload(tech, extraLineId, HTML, { fileName: 'brake.jpg' });
    expect(codeOf(html)).toBe('BAD_USER_INPUT');
    expect(problems(html)).toEqual([
      {
        field: 'input.contentBase64',
        message: expect.stringContaining('not an accepted file type'),
        reason: 'FILE_TYPE_NOT_ACCEPTED',
        params: { accepted: ['JPEG', 'PNG', 'WebP'], detected: null },
      },
    ]);
    const pdf = await upload(tech, extraLineId, PDF, { fileName: 'brake.jpg' });
    expect(codeOf(pdf)).toBe('BAD_USER_INPUT');
    expect(problems(pdf)[0]!.message).toContain('it is a PDF');
    const asPdf = await upload(tech, extraLineId, PDF, { fileName: 'report.pdf', contentType: 'application/pdf' });
    expect(codeOf(asPdf)).toBe('BAD_USER_INPUT'); // PDFs only where the owner takes them (claims, later)
    const png = await upload(tech, extraLineId, PNG, { fileName: 'brake.jpg', contentType: 'image/jpeg' });
    expect(problems(png)[0]!.message).toContain('content is PNG');
    expect(problems(png)[0]).toMatchObject({ reason: 'FILE_TYPE_MISMATCH', params: { declared: 'image/jpeg', detected: 'PNG' } });
    const notBase64 = await tech.gql(UPLOAD, {
      i: { ownerType: 'REPAIR_ORDER_LINE', ownerId: extraLineId, fileName: 'x.jpg', contentType: 'image/jpeg', contentBase64: '<script>' },
    });
    expect(problems(notBase64)).toEqual([{ field: 'input.contentBase64', message: 'is not base64 content', reason: 'NOT_BASE64', params: {} }]);
    expect(await writes()).toBe(before);
    // the real type with its real name is fine, and the name gets the detected extension
    const ok = await upload(tech, extraLineId, PNG, { fileName: 'C:\\fakepath\\刹车盘.jpeg', contentType: 'image/png' });
    expect(ok.data?.uploadAttachment.attachment).toMatchObject({ fileName: '刹车盘.png', contentType: 'image/png' });
  });

  it('refuses a file over 5 MiB, and a request over the body limit gets a coded answer too', async () => {
    const before = await writes();
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x41);
    jpeg('big').copy(big);
    const r = await upload(tech, extraLineId, big);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(problems(r)[0]).toMatchObject({ field: 'input.contentBase64', message: expect.stringContaining('too large') });
    // far beyond: refused before GraphQL even parses it
    const huge = await tech.raw({ query: UPLOAD, variables: { i: { contentBase64: 'A'.repeat(9 * 1024 * 1024) } } }, {}, { upload: true });
    expect(huge.status).toBe(413);
    expect(huge.json.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'BODY_TOO_LARGE' } });
    // /graphql itself takes 1 MB, signed in or not: a file of 2 MB belongs on the upload route
    const viaGraphql = await tech.raw({ query: UPLOAD, variables: { i: { contentBase64: 'A'.repeat(2 * 1024 * 1024) } } });
    expect(viaGraphql.status).toBe(413);
    expect(viaGraphql.json.errors[0].message).toContain('/graphql/upload');
    // the upload route is for signed-in users only, checked before the body is read
    const anon = await t.client().raw({ query: UPLOAD, variables: { i: { contentBase64: 'A'.repeat(2 * 1024 * 1024) } } }, {}, { upload: true });
    expect(anon.status).toBe(401);
    expect(anon.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await t
      .client()
      .raw({ query: UPLOAD, variables: { i: { contentBase64: 'A'.repeat(2 * 1024 * 1024) } } }, { authorization: 'Bearer x' }, { upload: true });
    expect(forged.status).toBe(401);
    // and it runs uploads only
    const notUpload = await tech.raw({ query: '{ me { user { id } } }' }, {}, { upload: true });
    expect(notUpload.status).toBe(400);
    expect(notUpload.json.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'NOT_AN_UPLOAD' } });
    expect(await writes()).toBe(before);
  });

  it('limits files per line and refuses the same photo twice', async () => {
    const dup = await upload(tech, extraLineId, jpeg('cracked disc'));
    expect(problems(dup)[0]!.message).toContain('attached here already');
    for (let i = 0; i < 4; i++) expect((await upload(tech, extraLineId, jpeg(`angle ${i}`))).errors).toBeUndefined();
    const n = await count();
    const seventh = await upload(tech, extraLineId, jpeg('one too many'));
    expect(codeOf(seventh)).toBe('BAD_USER_INPUT');
    expect(problems(seventh)[0]).toMatchObject({ field: 'input.ownerId', message: expect.stringContaining('at most 6 files') });
    expect(await count()).toBe(n);
  });

  it('only the technician of the order, the front desk and the controller attach; only to proposed extra work', async () => {
    expect(codeOf(await upload(otherTech, secondExtraLineId, jpeg('not mine')))).toBe('FORBIDDEN');
    expect(codeOf(await upload(inspector, secondExtraLineId, jpeg('inspector')))).toBe('FORBIDDEN');
    expect(codeOf(await upload(rival, secondExtraLineId, jpeg('rival')))).toBe('NOT_FOUND');
    expect(codeOf(await upload(t.client(), secondExtraLineId, jpeg('anonymous')))).toBe('UNAUTHENTICATED');
    expect(codeOf(await upload(tech, '0190f0f0-0000-7000-8000-000000000000', jpeg('nowhere')))).toBe('NOT_FOUND');
    const estimate = await upload(tech, estimateLineId, jpeg('estimate'));
    expect(problems(estimate)[0]).toMatchObject({ field: 'input.ownerId', message: expect.stringContaining('proposed additional work') });
    // the advisor may attach, hidden from the customer if they choose
    const hidden = await upload(advisor, secondExtraLineId, jpeg('internal'), { customerVisible: false });
    expect(hidden.data?.uploadAttachment.attachment.customerVisible).toBe(false);
    expect((await upload(controller, secondExtraLineId, jpeg('controller'))).errors).toBeUndefined();
  });

  it('staff download with their session: stored type, nosniff, safe disposition, private cache; others get 404', async () => {
    const cookie = { cookie: advisor.cookie! };
    const res = await get(`/files/${photoId}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="passwd.jpg"; filename*=UTF-8''passwd.jpg`);
    expect(res.headers.get('cache-control')).toBe('private, max-age=600');
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), jpeg('cracked disc'))).toBe(0);
    const etag = res.headers.get('etag')!;
    expect((await get(`/files/${photoId}`, { ...cookie, 'if-none-match': etag })).status).toBe(304);
    // a Chinese name is percent-encoded, with an ASCII fallback
    const [png] = await t.sql(`select id from attachments where file_name = '刹车盘.png'`);
    expect((await get(`/files/${png.id}`, cookie)).headers.get('content-disposition')).toBe(
      `inline; filename="___.png"; filename*=UTF-8''${encodeURIComponent('刹车盘.png')}`,
    );

    for (const [who, headers] of [
      ['nobody', {}],
      ['the other dealer', { cookie: rival.cookie! }],
      ['a made-up session', { cookie: 'asn_session=forged' }],
    ] as const) {
      const denied = await get(`/files/${photoId}`, headers);
      expect(denied.status, who).toBe(404);
      expect(await denied.text(), who).not.toContain('cracked');
    }
    expect((await get(`/files/0190f0f0-0000-7000-8000-000000000000`, cookie)).status).toBe(404);
    expect((await get(`/files/..%2F..%2Fetc%2Fpasswd`, cookie)).status).toBe(404);
    // the database agrees: under the other dealer's tenant the row does not exist
    expect(await t.appSql(`select id from attachments`, [], await t.tenantId('DLR-E2'))).toEqual([]);
    expect(await t.appSql(`select id from attachments`, [], null)).toEqual([]);
  });

  it('the customer sees the photos of pending extra work after the phone check, through a signed URL only valid with their link', async () => {
    const visitor = t.client();
    expect(codeOf(await visitor.gql(PHOTOS, { i: { token, phoneLast4: '0000' } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await visitor.gql(PHOTOS, { i: { token: 'x'.repeat(43), phoneLast4: '3333' } }))).toBe('NOT_FOUND');
    const view = (await visitor.ok(PHOTOS, { i: { token, phoneLast4: '3333' } })).tracking;
    const disc = view.pendingAdditionalWork.find((l: { id: string }) => l.id === extraLineId);
    expect(disc.photos.map((p: { fileName: string }) => p.fileName)).toContain('passwd.jpg');
    const cleaning = view.pendingAdditionalWork.find((l: { id: string }) => l.id === secondExtraLineId);
    // the advisor's internal photo is not there; the controller's is
    expect(cleaning.photos).toHaveLength(1);
    expect(JSON.stringify(view)).not.toContain('internal');
    const photo = disc.photos.find((p: { id: string }) => p.id === photoId);
    photoUrl = photo.url;
    expect(photoUrl).toMatch(new RegExp(`^/files/${photoId}\\?c=[0-9a-f-]{36}\\.${linkId}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
    const res = await get(photoUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), jpeg('cracked disc'))).toBe(0);

    // a changed signature, another file with this ticket, or the internal photo: 404
    const sig = photoUrl.slice(-43);
    expect((await get(photoUrl.slice(0, -43) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1))).status).toBe(404);
    const [internal] = await t.sql(`select id from attachments where customer_visible = false`);
    expect((await get(photoUrl.replace(photoId, internal.id))).status).toBe(404);
    const otherPhoto = cleaning.photos[0].id as string;
    expect((await get(photoUrl.replace(photoId, otherPhoto))).status).toBe(404);
  });

  it('another customer’s link does not open this order’s photos', async () => {
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "韩梅", phone: "13644445555", vehicles: [{ vin: "LSVAU2180N2100002" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const other = await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token link { id } } }`, {
      id: o.createRepairOrder.repairOrder.id,
    });
    const page = (await t.client().ok(PHOTOS, { i: { token: other.createTrackingLink.token, phoneLast4: '5555' } })).tracking;
    expect(JSON.stringify(page)).not.toContain(photoId);
    // this order's ticket with the other link's id swapped in: the signature no longer matches
    expect((await get(photoUrl.replace(`.${linkId}.`, `.${other.createTrackingLink.link.id}.`))).status).toBe(404);
  });

  it('a revoked link stops its photo URLs at once', async () => {
    expect((await get(photoUrl)).status).toBe(200);
    await advisor.ok(`mutation($id: ID!) { revokeTrackingLink(input: { id: $id }) { link { active } } }`, { id: linkId });
    expect((await get(photoUrl)).status).toBe(404);
  });

  it('the engineer attaches on-site photos with time and place, only once on site; they never reach the customer', async () => {
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "郑强", phone: "13911119876", vehicles: [{ vin: "HYZL50C2026005555", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "装载机无法启动", onSite: true, siteAddress: "大同市某煤场 3 号堆场" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const v = await controller.ok(`mutation($i: ScheduleVisitInput!) { scheduleVisit(input: $i) { visit { id version } } }`, {
      i: {
        repairOrderId: o.createRepairOrder.repairOrder.id,
        engineerId: await t.userId('tech@dealer-east.demo'),
        scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    const visitId = v.scheduleVisit.visit.id;
    const onSite = (c2: Client, bytes: Buffer, extra: Record<string, unknown> = {}) =>
      c2.gql(UPLOAD, {
        i: { ownerType: 'VISIT', ownerId: visitId, fileName: 'IMG_0001.JPG', contentType: 'image/jpeg', contentBase64: bytes.toString('base64'), ...extra },
      });
    expect(codeOf(await onSite(tech, jpeg('too early')))).toBe('INVALID_TRANSITION');
    const d = await tech.ok(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { visit { version } } }`, {
      i: { id: visitId, version: v.scheduleVisit.visit.version, eta: new Date(Date.now() + 1_800_000).toISOString(), confirmedWithCustomer: true },
    });
    await tech.ok(`mutation($i: ArriveVisitInput!) { arriveAtVisit(input: $i) { visit { version } } }`, {
      i: { id: visitId, version: d.departForVisit.visit.version, place: '3 号堆场东门' },
    });

    const before = Date.now();
    const first = await onSite(tech, jpeg('engine bay'));
    expect(first.errors).toBeUndefined();
    const a = first.data!.uploadAttachment.attachment;
    expect(a).toMatchObject({ ownerType: 'VISIT', fileName: 'IMG_0001.jpg', place: '3 号堆场东门', customerVisible: false, latitude: null });
    expect(new Date(a.takenAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const gps = await onSite(tech, jpeg('gps'), { latitude: 40.0764, longitude: 113.3001, takenAt: new Date(before - 120_000).toISOString() });
    expect(gps.data?.uploadAttachment.attachment).toMatchObject({ latitude: 40.0764, longitude: 113.3001, place: null });
    expect(problems(await onSite(tech, jpeg('half'), { latitude: 40 }))[0]!.field).toBe('input.longitude');
    expect(problems(await onSite(tech, jpeg('future'), { takenAt: new Date(Date.now() + 3_600_000).toISOString() }))[0]!.field).toBe('input.takenAt');
    expect(problems(await onSite(tech, jpeg('show'), { customerVisible: true }))[0]!.field).toBe('input.customerVisible');
    expect(codeOf(await onSite(otherTech, jpeg('not my trip')))).toBe('FORBIDDEN');
    expect(codeOf(await onSite(rival, jpeg('rival')))).toBe('NOT_FOUND');

    const board = await controller.ok(`query($id: ID!) { repairOrder(id: $id) { visits { id attachments { id place takenAt url } } } }`, {
      id: o.createRepairOrder.repairOrder.id,
    });
    expect(board.repairOrder.visits[0].attachments.map((x: { id: string }) => x.id)).toEqual([a.id, gps.data!.uploadAttachment.attachment.id]);
    expect((await get(`/files/${a.id}`, { cookie: tech.cookie! })).status).toBe(200);
    expect((await get(`/files/${a.id}`, { cookie: rival.cookie! })).status).toBe(404);
  });
});
