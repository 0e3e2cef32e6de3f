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
});

test('zero calibration images are refused with a message', async ({ page }) => {
  await page.goto(`${LESSON}?ip.calib=0`);
  const w = widget(page, 'The integer pipeline');
  await expect(w.getByRole('alert')).toContainText('Calibration needs at least one image');
  await expect(w.getByRole('button', { name: 'Build the int8 network and score it' })).toBeDisabled();
  await w.getByLabel('Calibration images').fill('200');
  await expect(w.getByRole('alert')).toHaveCount(0);
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

  // In dense2 every weight sees a hidden unit that fires often: the same flip costs about 11 points.
  await w.getByLabel('Layer of LeNet-300-100').selectOption('dense2');
  await expect(page).toHaveURL(/fb\.layer=dense2/);
  await expect(w.getByTestId('weight-value')).toHaveText('0.4562');
  const second = await measure();
  expect(second.fp32).toBeLessThan(0.93);
  expect(second.int8).toBeGreaterThan(0.97);

  // The flip is in the URL: a reload shows the same flipped bits.
  await w.getByRole('checkbox', { name: /^bit 31,/ }).first().click();
  await expect(page).toHaveURL(/fb\.fflip=c0000000/);
  const flipped = await w.getByTestId('fp32-flipped').textContent();
  await page.reload();
  await expect(widget(page, 'Flip a bit').getByTestId('fp32-flipped')).toHaveText(flipped!, { timeout: 30_000 });
});
