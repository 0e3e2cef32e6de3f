import { expect, test, type Page } from '@playwright/test';

// The quantization lesson's integer pipeline and flip-a-bit widgets.
const LESSON = './#/lessons/quantization';

function widget(page: Page, name: string) {
  return page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name, exact: true }) });
}

test('the int8 network runs on all test images in integer arithmetic and follows one image layer by layer', async ({ page }) => {
  await page.goto(`${LESSON}?ip.image=3`);
  const w = widget(page, 'The integer pipeline');
  await w.getByRole('button', { name: 'Build the int8 network and score it' }).click();
  const accuracy = w.getByTestId('int-accuracy');
  await expect(accuracy).toBeVisible({ timeout: 90_000 });
  // LeNet-300-100 scores 98.35% in float; int8 weights and activations keep it within half a point.
  expect(Number(await accuracy.getAttribute('data-value'))).toBeGreaterThan(0.978);
  expect(Number(await w.getByTestId('int-agreement').getAttribute('data-value'))).toBeGreaterThanOrEqual(0.995);
  // Test image 3 is a 0; both networks say so, and each layer shows its M0 (a 31-bit fraction ≥ 2^30).
  await expect(w.getByRole('img', { name: 'test image 3, labelled 0' })).toBeVisible();
  await expect(w.getByTestId('int-class')).toHaveText('0');
  await expect(w.getByTestId('float-class')).toHaveText('0');
  for (const k of [0, 1, 2]) {
    const m0 = Number(await w.getByTestId(`m0-${k}`).textContent());
    expect(m0).toBeGreaterThanOrEqual(2 ** 30);
    expect(m0).toBeLessThan(2 ** 31);
  }
  await w.getByRole('button', { name: 'Next image' }).click();
  await expect(page).toHaveURL(/ip\.image=4/);
  await expect(w.getByRole('img', { name: /test image 4, labelled 4/ })).toBeVisible();

  // Typed like a reader: bad values are named with their range, nothing is clamped, and the
  // image and the accuracy already shown stay.
  const shown = await accuracy.getAttribute('data-value');
  for (const [text, message] of [
    ['10000', 'Test image number must be a whole number from 0 to 9,999; got “10000”.'],
    ['2.5', 'Test image number must be a whole number from 0 to 9,999; “2.5” is not whole.'],
    ['', 'Test image number is empty: enter a whole number from 0 to 9,999.'],
  ]) {
    await w.getByLabel('Test image number').fill(text);
    await expect(w.getByRole('alert')).toHaveText(message);
    await expect(w.getByRole('img', { name: /test image 4, labelled 4/ })).toBeVisible();
    await expect(page).toHaveURL(/ip\.image=4/);
  }
  await w.getByLabel('Calibration images').fill('abc');
  await expect(w.getByRole('alert').filter({ hasText: 'Calibration images' })).toHaveText('Calibration images must be a whole number from 1 to 60,000; “abc” is not a number.');
  await w.getByLabel('Calibration images').fill('60001');
  await expect(w.getByRole('alert').filter({ hasText: 'Calibration images' })).toHaveText('Calibration images must be a whole number from 1 to 60,000; got “60001”.');
  await expect(accuracy).toHaveAttribute('data-value', shown!);
  await expect(w.getByText('These results are for the previous settings')).toHaveCount(0);
  await w.getByLabel('Test image number').fill('7');
  await expect(w.getByRole('img', { name: /test image 7, labelled/ })).toBeVisible();
});

test('a link with zero calibration images or a percentile of 0 is refused with a message naming the range', async ({ page }) => {
  await page.goto(`${LESSON}?ip.calib=0&ip.method=percentile&ip.pct=0`);
  const w = widget(page, 'The integer pipeline');
  await expect(w.getByLabel('Calibration images')).toHaveValue('0');
  await expect(w.getByRole('alert').filter({ hasText: 'Calibration images' })).toHaveText('Calibration images must be a whole number from 1 to 60,000; got “0”.');
  await expect(w.getByRole('alert').filter({ hasText: 'Percentile' })).toHaveText('Percentile must be a number from 50 to 100; got “0”.');
  await expect(w.getByRole('button', { name: 'Build the int8 network and score it' })).toBeDisabled();
  await w.getByLabel('Calibration images').fill('200');
  await w.getByRole('textbox', { name: 'Percentile' }).fill('99.9');
  await expect(w.getByRole('alert')).toHaveCount(0);
  await expect(page).toHaveURL(/ip\.calib=200/);
  await expect(page).toHaveURL(/ip\.pct=99\.9(&|$)/);
  await expect(w.getByRole('button', { name: 'Build the int8 network and score it' })).toBeEnabled();
});

test('flipping the top exponent bit of the largest dense1 weight changes the float accuracy, in dense2 costs points, and int8 barely notices', async ({ page }) => {
  test.setTimeout(240_000); // eight evaluations of the whole test set
  await page.goto(LESSON);
  const w = widget(page, 'Flip a bit');
  await expect(w.getByTestId('weight-value')).toBeVisible({ timeout: 30_000 });
  // The default flip is bit 30, the top exponent bit: a weight below 1 in magnitude grows by 2^128.
  const grown = async () => Math.abs(Number((await w.getByTestId('fp32-flipped').textContent())!.replace('−', '-')));
  expect(await grown()).toBeGreaterThan(1e37);
  const measure = async () => {
    await w.getByRole('button', { name: 'Flip and measure the test accuracy' }).click();
    await expect(w.getByRole('progressbar')).toHaveCount(0, { timeout: 90_000 });
    await expect(w.getByTestId('fp32-after')).toBeVisible();
    return { fp32: Number(await w.getByTestId('fp32-after').getAttribute('data-value')), int8: Number(await w.getByTestId('int8-after').getAttribute('data-value')) };
  };
  // The largest weight is negative: ReLU silences its neuron, and a few images change their answer.
  const largest = await measure();
  expect(largest.fp32).toBeLessThan(0.9835);
  await expect(w.getByTestId('fp32-change')).toHaveText(/^−\d+\.\d\d points$/);
  expect(largest.int8).toBeGreaterThan(0.97);

  // A typed weight number outside the layer, or not a whole number, is named; the weight and the
  // measurement shown stay.
  const weight = await w.getByTestId('weight-value').textContent();
  for (const [text, message] of [
    ['235200', 'Weight number must be a whole number from 0 to 235,199; got “235200”.'],
    ['-1', 'Weight number must be a whole number from 0 to 235,199; got “-1”.'],
    ['abc', 'Weight number must be a whole number from 0 to 235,199; “abc” is not a number.'],
  ]) {
    await w.getByLabel('Weight number').fill(text);
    await expect(w.getByRole('alert')).toHaveText(message);
    await expect(w.getByTestId('weight-value')).toHaveText(weight!);
    await expect(w.getByTestId('fp32-after')).toHaveAttribute('data-value', String(largest.fp32));
  }
  await w.getByLabel('Weight number').fill('5');
  await expect(page).toHaveURL(/fb\.index=5/);
  await expect(w.getByRole('alert')).toHaveCount(0);

  // In dense2 every weight sees a hidden unit that fires often: the same flip costs about 11 points.
  await w.getByLabel('Layer of LeNet-300-100').selectOption('dense2');
  await expect(page).toHaveURL(/fb\.layer=dense2/);
  await expect(w.getByTestId('weight-value')).toHaveText('0.4562');
  const second = await measure();
  expect(second.fp32).toBeLessThan(0.93);
  expect(second.int8).toBeGreaterThan(0.97);

  // The flip is in the URL: a reload shows the same flipped bits.
  const before = await w.getByTestId('fp32-flipped').textContent();
  await w.getByRole('checkbox', { name: /^bit 31,/ }).first().click();
  await expect(page).toHaveURL(/fb\.fflip=c0000000/);
  // The sign flip shows after the URL changes: read the value once it has changed.
  await expect(w.getByTestId('fp32-flipped')).not.toHaveText(before!);
  const flipped = await w.getByTestId('fp32-flipped').textContent();
  await page.reload();
  await expect(widget(page, 'Flip a bit').getByTestId('fp32-flipped')).toHaveText(flipped!, { timeout: 30_000 });
});
