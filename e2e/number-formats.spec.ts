import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';

const LESSON = './#/lessons/number-formats';

/** The float bit explorer (the lesson also has one for integers). */
const explorer = (page: Page) => page.getByRole('region', { name: 'Bit explorer', exact: true });
const sideBySide = (page: Page) => page.getByRole('region', { name: 'Side by side' });

/** Fails the test on any uncaught error in the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Picks fp16 in a fresh explorer and waits until it shows 0.1 re-encoded, as a reader would look before going on. */
async function pickFp16(bx: Locator) {
  await bx.getByLabel('Format').selectOption('fp16');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x2E66');
}

async function openLesson(page: Page) {
  await page.goto(LESSON);
  await expect(explorer(page)).toBeVisible();
}

test('0.1 typed in fp16 is stored as 0x2E66, which is 0.0999755859375', async ({ page }) => {
  const errors = watchErrors(page);
  await openLesson(page);
  const bx = explorer(page);
  await pickFp16(bx);
  await bx.getByLabel('Decimal').fill('0.1');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x2E66');
  await expect(bx.getByTestId('stored')).toHaveText('0.0999755859375');
  await expect(bx.getByTestId('shortest')).toHaveText('0.1');
  // |0.1 - 0.0999755859375| = 2.44140625e-5, relative 2.44140625e-4 = 0.02441 %.
  await expect(bx.getByTestId('rounding-error')).toHaveText('2.441e−5 absolute, 0.02441 % relative');
  await expect(bx.getByTestId('class')).toHaveText('normal');
  await expect(bx.locator('.pattern-formula')).toContainText('0.0999755859375');
  expect(page.url()).toContain('bx.fmt=fp16');
  expect(page.url()).toContain('bx.bits=2e66');
  expect(errors).toEqual([]);
});

test('65504 is the largest fp16: one ulp up is infinity', async ({ page }) => {
  await openLesson(page);
  const bx = explorer(page);
  await pickFp16(bx);
  await bx.getByLabel('Decimal').fill('65504');
  await expect(bx.getByTestId('stored')).toHaveText('65504');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x7BFF');
  await bx.getByRole('button', { name: '+1 ulp' }).click();
  await expect(bx.getByTestId('stored')).toHaveText('+∞');
  await expect(bx.getByTestId('class')).toHaveText('infinity');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x7C00');
  await expect(bx.getByRole('button', { name: '+1 ulp' })).toBeDisabled();
  await bx.getByRole('button', { name: '−1 ulp' }).click();
  await expect(bx.getByTestId('stored')).toHaveText('65504');
});

test('70000 overflows to infinity in fp16 but saturates to 448 in fp8 E4M3', async ({ page }) => {
  await openLesson(page);
  const bx = explorer(page);
  await pickFp16(bx);
  await bx.getByLabel('Decimal').fill('70000');
  await expect(bx.getByTestId('stored')).toHaveText('+∞');
  await expect(bx.getByRole('status')).toContainText('overflows to +∞');
  await bx.getByLabel('Format').selectOption('fp8e4m3');
  await expect(bx.getByLabel('Decimal')).toHaveValue('70000');
  await expect(bx.getByTestId('stored')).toHaveText('448');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x7E');
  await expect(bx.getByRole('status')).toContainText('saturates to 448');

  const sbs = sideBySide(page);
  await sbs.getByLabel('Number').fill('70000');
  const row = (name: string) => sbs.locator(`tr[data-format="${name}"]`);
  await expect(row('fp16')).toContainText('+∞');
  await expect(row('fp16')).toContainText('overflow');
  await expect(row('fp8e4m3')).toContainText('448');
  await expect(row('fp8e4m3')).toContainText('saturated');
  // E5M2's largest finite value is 57344; 70000 lies past the rounding midpoint 61440.
  await expect(row('fp8e5m2')).toContainText('+∞');
});

test('the sign bit toggles from the keyboard and arrows move between bits', async ({ page }) => {
  await openLesson(page);
  const bx = explorer(page);
  await pickFp16(bx);
  await bx.getByLabel('Decimal').fill('1.5');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x3E00');
  // Tab from the last button lands on the grid's one tabbable bit, the most significant.
  await bx.getByRole('button', { name: '+1 ulp' }).focus();
  await page.keyboard.press('Tab');
  const sign = bx.getByRole('checkbox', { name: 'bit 15, sign, 0' });
  await expect(sign).toBeFocused();
  await page.keyboard.press('Space');
  await expect(bx.getByTestId('stored')).toHaveText('−1.5');
  await expect(bx.getByRole('checkbox', { name: 'bit 15, sign, 1' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(bx.getByRole('checkbox', { name: /^bit 14, exponent/ })).toBeFocused();
  await page.keyboard.press('End');
  await expect(bx.getByRole('checkbox', { name: /^bit 0, mantissa/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0xBE01');
});

test('pressing on a bit and dragging across others sets them all', async ({ page }) => {
  await openLesson(page);
  const bx = explorer(page);
  await pickFp16(bx);
  await bx.getByLabel('Hex pattern').fill('0x0000');
  await expect(bx.getByTestId('class')).toHaveText('zero');
  await bx.locator('[data-bit="9"]').scrollIntoViewIfNeeded();
  const from = await bx.locator('[data-bit="9"]').boundingBox();
  const to = await bx.locator('[data-bit="6"]').boundingBox();
  await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
  await page.mouse.down();
  await page.mouse.move(to!.x + to!.width / 2, to!.y + to!.height / 2, { steps: 12 });
  await page.mouse.up();
  // Mantissa bits 9..6 set: 0b1111000000 = 0x3C0, a subnormal 960 · 2^-24.
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x03C0');
  await expect(bx.getByTestId('class')).toHaveText('subnormal');
  await expect(bx.getByTestId('stored')).toHaveText('0.000057220458984375');
  // A plain click toggles one bit only.
  await bx.locator('[data-bit="9"]').click();
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x01C0');
});

test('bad input gets a clear message and stays in the box', async ({ page }) => {
  const errors = watchErrors(page);
  await openLesson(page);
  const bx = explorer(page);
  await pickFp16(bx);
  const decimal = bx.getByLabel('Decimal');
  const hex = bx.getByLabel('Hex pattern');

  await decimal.fill('abc');
  await expect(bx.getByRole('alert')).toContainText('not a number');
  await expect(decimal).toHaveValue('abc');
  await expect(hex).toHaveValue('0x2E66'); // unchanged from 0.1

  await hex.fill('0x');
  await expect(bx.getByRole('alert')).toContainText('no hex digits');
  await expect(hex).toHaveValue('0x');
  await hex.fill('0x12345');
  await expect(bx.getByRole('alert')).toContainText('16 bits');
  await hex.fill('0x3C00');
  await expect(bx.getByRole('alert')).toBeEmpty();
  await expect(bx.getByTestId('stored')).toHaveText('1');

  await decimal.fill('1e999');
  await expect(bx.getByRole('status')).toContainText('too large even for fp64');
  await expect(bx.getByTestId('stored')).toHaveText('+∞');
  await expect(decimal).toHaveValue('1e999');

  await decimal.fill('-0');
  await expect(hex).toHaveValue('0x8000');
  await expect(bx.getByTestId('class')).toHaveText('zero');
  await expect(bx.getByRole('status')).toContainText('−0 has its own pattern');

  await decimal.fill('NaN');
  await expect(bx.getByTestId('class')).toHaveText('NaN');
  await expect(hex).toHaveValue('0x7E00');

  await bx.getByLabel('Format').selectOption('uint8');
  await expect(bx.getByRole('alert')).toContainText('uint8 has no pattern for NaN');
  await decimal.fill('-5');
  await expect(bx.getByTestId('stored')).toHaveText('0');
  await expect(bx.getByRole('status')).toContainText('uint8 has no negative numbers');

  const sbs = sideBySide(page);
  await sbs.getByLabel('Number').fill('1,5');
  await expect(sbs.getByRole('alert')).toContainText('Use a dot');
  await sbs.getByLabel('Integer scale').fill('0');
  await expect(sbs.getByRole('alert')).toContainText('Integer scale must be a number from 0.000001 to 1,000,000; got “0”.');
  await sbs.getByLabel('Integer scale').fill('');
  await expect(sbs.getByRole('alert')).toContainText('Integer scale is empty');
  expect(errors).toEqual([]);
});

test('a copied link opens the same state in a new page', async ({ page, context }) => {
  await openLesson(page);
  const bx = explorer(page);
  await pickFp16(bx);
  await bx.getByLabel('Decimal').fill('0.1');
  await sideBySide(page).getByLabel('Number').fill('3.14159');
  await page.getByRole('region', { name: 'Range and precision' }).getByRole('combobox', { name: 'Highlight' }).selectOption('bf16');
  await expect(bx.getByLabel('Hex pattern')).toHaveValue('0x2E66');
  const url = page.url();

  const copy = await context.newPage();
  await copy.goto(url);
  const bx2 = explorer(copy);
  await expect(bx2.getByLabel('Format')).toHaveValue('fp16');
  await expect(bx2.getByLabel('Decimal')).toHaveValue('0.1');
  await expect(bx2.getByLabel('Hex pattern')).toHaveValue('0x2E66');
  await expect(bx2.getByTestId('stored')).toHaveText('0.0999755859375');
  await expect(bx2.getByTestId('rounding-error')).toContainText('2.441e−5');
  await expect(sideBySide(copy).getByLabel('Number')).toHaveValue('3.14159');
  await expect(sideBySide(copy).locator('tr[data-format="fp16"]')).toContainText('3.140625');
  await expect(copy.getByRole('region', { name: 'Range and precision' }).getByRole('combobox', { name: 'Highlight' })).toHaveValue('bf16');
});

test('the range chart lists each format’s limits', async ({ page }) => {
  await openLesson(page);
  const chart = page.getByRole('region', { name: 'Range and precision' });
  await expect(chart.getByRole('img')).toHaveAccessibleName(/Range and relative precision/);
  const fp16 = chart.getByRole('row', { name: /^fp16/ });
  await expect(fp16).toContainText('65504');
  await expect(fp16).toContainText('5.96e−8');
  await expect(chart.getByRole('row', { name: /^fp8 E4M3/ })).toContainText('448');
});

test('the lesson has no serious accessibility problems, in light and dark theme', async ({ page }) => {
  await openLesson(page);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: /theme/ }).click();
  await expectNoSeriousA11yViolations(page);
});

test('64 bits of fp64 fit a 390 px wide phone without sideways scrolling or accessibility problems', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openLesson(page);
  await explorer(page).getByLabel('Format').selectOption('fp64');
  await expect(explorer(page).getByRole('checkbox')).toHaveCount(64);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
});
