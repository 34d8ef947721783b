import type { Ctx } from '../platform/context.js';
import { savePart, supersede } from '../modules/parts/catalogue.service.js';
import { adjustStock, setStockLevels } from '../modules/parts/stock.service.js';
import { createPartsOrder } from '../modules/parts/parts-order.buying.js';

/**
 * The demo's parts: the manufacturer's depot and the hydraulics supplier each keep a catalogue
 * (an old filter number superseded by its successor), the supplier and 华东一店 hold stock (one
 * item of the dealer's below its reorder point), and one stock order of the dealer waits at the
 * supplier's order desk. Numbers start with HY-/SH- so that tests' own parts never meet them.
 */
export async function seedParts(as: (code: string) => Ctx, tenantOf: (code: string) => string): Promise<void> {
  const oem = as('OEM-HY');
  const supplier = as('SUP-HYD');
  const dealer = as('DLR-E1');
  const parts = [
    [oem, 'HY-OF100', '机油滤清器', 'Oil filter', 'MAINTENANCE', '4500', ['ZL50', 'HT-6']],
    [oem, 'HY-AF300', '空气滤芯', 'Air filter element', 'MAINTENANCE', '12800', ['ZL50']],
    [oem, 'HY-BP200', '制动片（前轴）', 'Brake pads (front axle)', 'COMMON', '28000', ['HT-6']],
    [oem, 'HY-BK500', '动臂总成', 'Boom assembly', 'ACCIDENT', '4680000', ['ZL50']],
    [supplier, 'SH-P200', '液压主泵', 'Main hydraulic pump', 'CORE', '680000', ['ZL50']],
    [supplier, 'SH-SK30', '动臂油缸密封件包', 'Boom cylinder seal kit', 'COMMON', '32000', ['ZL50']],
    [supplier, 'SH-F10', '液压回油滤芯（旧）', 'Return filter (old)', 'MAINTENANCE', '6200', ['ZL50']],
    [supplier, 'SH-F20', '液压回油滤芯', 'Return filter', 'MAINTENANCE', '6800', ['ZL50', 'HT-6']],
    [supplier, 'SH-H12', '高压油管', 'High-pressure hose', 'NON_WEARING', '18500', ['ZL50']],
  ] as const;
  for (const [ctx, partNumber, nameZh, nameEn, category, listPriceMinor, models] of parts)
    await savePart(ctx, { partNumber, nameZh, nameEn, category, listPriceMinor, models });
  await supersede(supplier, { fromNumber: 'SH-F10', toNumber: 'SH-F20', mode: 'IMMEDIATE' });

  const opening = { reason: 'STOCKTAKE' as const, note: '期初库存' };
  for (const [partNumber, quantity] of [
    ['SH-P200', 4],
    ['SH-SK30', 2],
    ['SH-F20', 60],
    ['SH-H12', 15],
  ] as const)
    await adjustStock(supplier, { partNumber, quantity, ...opening });
  for (const [partNumber, quantity, reorderPoint, reorderQty] of [
    ['HY-OF100', 3, 6, 10],
    ['HY-AF300', 8, 4, 6],
  ] as const) {
    await adjustStock(dealer, { partNumber, quantity, ...opening });
    await setStockLevels(dealer, { partNumber, safetyStock: 2, reorderPoint, reorderQty });
  }
  // waits at the supplier's order desk: two seal kits are in stock, the third is not
  await createPartsOrder(dealer, {
    sellerId: tenantOf('SUP-HYD'),
    type: 'STOCK',
    note: '月度补货',
    lines: [
      { partNumber: 'SH-SK30', quantity: 3 },
      { partNumber: 'SH-F10', quantity: 6 },
    ],
  });
}
