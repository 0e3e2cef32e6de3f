import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectNoSeriousA11yViolations } from './a11y';
import { COURSE } from '../src/app/course';

const COURSE_SLUGS = COURSE.map((l) => l.slug);

// Taking and teaching the course: checked exercises, progress that stays, slides that fit.

function exercise(page: Page, text: string) {
  return page.locator('form.exercise', { hasText: text });
}

test('an exercise names an empty or unreadable answer, gives the hint, then the worked answer after two tries', async ({ page }) => {
  await page.goto('./#/lessons/pruning');
  const ex = exercise(page, 'How many weights are left?');
  const answer = ex.getByLabel(/Your answer/);
  const check = ex.getByRole('button', { name: 'Check' });
  const feedback = page.getByTestId('exercise-weights-left-feedback');
  await expect(ex).toContainText('The exact number is expected.');

  await check.click();
  await expect(feedback).toHaveText('Type your answer first.');
  await answer.fill('lots');
  await answer.press('Enter');
  await expect(feedback).toContainText('“lots” is not a number');
  // Neither counts as a try: no hint yet, no worked answer offered.
  await expect(ex.getByText('Hint:')).toHaveCount(0);
  await expect(ex.getByRole('button', { name: 'Show the worked answer' })).toHaveCount(0);

  await answer.fill('26,000');
  await check.click();
  await expect(feedback).toContainText('Not yet');
  await expect(ex.getByText('Hint:')).toBeVisible();
  await expect(ex.getByText('Worked answer.')).toHaveCount(0);

  await answer.fill('239580');
  await check.click();
  await expect(feedback).toContainText('The worked answer is below');
  await expect(ex.getByText('Worked answer.')).toBeVisible();

  await answer.fill('26,620');
  await check.click();
  await expect(feedback).toHaveText('✓ Correct.');
  // The whole lesson is checked by its own spec; here the exercises in all their states.
  const { violations } = await new AxeBuilder({ page }).include('form.exercise').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('progress is kept across reloads, shown per lesson on the home page, exported and reset', async ({ page }) => {
  await page.goto('./#/lessons/number-formats');
  const ex = exercise(page, 'Which integer does the int8 pattern');
  await ex.getByLabel(/Your answer/).fill('-27');
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('exercise-int8-pattern-feedback')).toHaveText('✓ Correct.');
  const wrong = exercise(page, 'gap between 1 and the next larger fp16');
  await wrong.getByLabel(/Your answer/).fill('0.5');
  await wrong.getByRole('button', { name: 'Check' }).click();
  // Work a widget: flip a bit of the integer explorer.
  await page.getByRole('checkbox', { name: /^bit 0,/ }).first().click();

  await page.goto('./#/');
  await page.reload();
  const card = page.getByTestId('progress-number-formats');
  await expect(card).toHaveText(/^1 of 9 exercises done \(1 tried\) · 1 widget used/);
  await expect(page.getByTestId('progress-pruning')).toHaveText('Not started');

  await page.getByRole('button', { name: 'Export my progress' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Download compression-lab-progress/ }).click();
  const saved = JSON.parse(await (await download).createReadStream().then(async (s) => {
    let text = '';
    for await (const chunk of s) text += chunk;
    return text;
  }));
  expect(saved.lessons['number-formats'].exercises).toEqual({ 'int8-pattern': 'done', 'fp16-ulp-one': 'tried' });

  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Reset my progress…' }).click();
  await page.getByRole('button', { name: 'Yes, erase it' }).click();
  await expect(card).toHaveText('Not started');
  await page.reload();
  await expect(card).toHaveText('Not started');
});

test('in presentation mode keys go to the focused widget, and Escape hands them back to the slide', async ({ page }) => {
  await page.goto('./#/lessons/number-formats?present=1&slide=3');
  const slideText = page.getByText(/^Slide 3 of \d+$/);
  await expect(slideText).toBeVisible();
  const bit = page.locator('section.slide[data-current="true"]').getByRole('checkbox', { name: /^bit 0,/ });
  await bit.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('section.slide[data-current="true"]').getByRole('checkbox', { name: /^bit 1,/ })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('p');
  await expect(slideText).toBeVisible();
  await expect(page).toHaveURL(/present=1/);
  await page.keyboard.press('Escape');
  await expect(page.locator('section.slide[data-current="true"]')).toBeFocused();
  await expect(page).toHaveURL(/present=1/);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText(/^Slide 4 of \d+$/)).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByText(/^Slide 5 of \d+$/)).toBeVisible();
});

/** Steps through every slide of `lesson` and returns each slide's text; fails on a slide that does not fit. */
async function checkSlidesFit(page: Page, lesson: string, height: number): Promise<string[]> {
  const texts: string[] = [];
  await page.goto(`./#/lessons/${lesson}?present=1&slide=1`);
  const count = Number((await page.getByText(/^Slide 1 of \d+$/).textContent())!.match(/of (\d+)/)![1]);
  for (let n = 1; n <= count; n++) {
    await expect(page.getByText(new RegExp(`^Slide ${n} of ${count}$`))).toBeVisible();
    const box = await page.evaluate(() => {
      const slide = document.querySelector<HTMLElement>('section.slide[data-current="true"]')!;
      const r = slide.getBoundingClientRect();
      return { bottom: r.bottom, page: document.documentElement.scrollHeight, text: slide.innerText };
    });
    expect(box.bottom, `${lesson} slide ${n}`).toBeLessThanOrEqual(height);
    expect(box.page, `${lesson} slide ${n}`).toBeLessThanOrEqual(height);
    texts.push(box.text);
    if (n < count) await page.keyboard.press('ArrowRight');
  }
  return texts;
}

test('every slide of every lesson fits 1280×720, with no "above" pointing to another slide', async ({ page }) => {
  const texts: string[] = [];
  for (const lesson of COURSE_SLUGS) texts.push(...await checkSlidesFit(page, lesson, 720));
  // "Run the pipeline above" (the codebook view, two slides after the pipeline) points back in words.
  const all = texts.join('\n');
  expect(all).toContain('Run the pipeline on an earlier slide');
  expect(all).not.toContain('pipeline above');
  expect(all).toContain('QAT controls on an earlier slide');
});

test('every slide of every lesson fits a 1920×1080 projector too', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  for (const lesson of COURSE_SLUGS) await checkSlidesFit(page, lesson, 1080);
});

test('"Hide controls" leaves a widget\'s results on the slide, and the link and its QR code open the same view', async ({ page }) => {
  await page.goto('./#/lessons/number-formats?present=1&slide=3');
  const slide = page.locator('section.slide[data-current="true"]');
  const controls = slide.locator('.widget .controls').first();
  await expect(controls).toBeVisible();
  await page.getByRole('button', { name: 'Hide controls (H)' }).click();
  await expect(controls).toBeHidden();
  await expect(slide.locator('.widget').first()).toBeVisible();
  expect(page.url()).toContain('clean=1');
  await slide.focus();
  await page.keyboard.press('h');
  await expect(controls).toBeVisible();
  expect(page.url()).not.toContain('clean=1');

  await page.getByRole('button', { name: 'Share this view' }).click();
  const link = page.getByLabel('Link to this lesson with every widget as it is now');
  await expect(link).toHaveValue(page.url());
  await expect(page.getByRole('img', { name: 'QR code of the link to this view' })).toBeVisible();
  // The link follows the slide shown.
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(link).toHaveValue(/slide=4/);
});

test('a lesson prints as a handout: results kept, no controls, exercises without answers, nothing wider than the page', async ({ page }) => {
  await page.goto('./#/lessons/pruning');
  const ex = exercise(page, 'How many weights are left?');
  await ex.getByLabel(/Your answer/).fill('1');
  await ex.getByRole('button', { name: 'Check' }).click();
  await ex.getByLabel(/Your answer/).fill('2');
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(ex.getByText('Worked answer.')).toBeVisible();

  // A4 at 96 px per inch less 0.4 inch margins on each side.
  await page.setViewportSize({ width: 717, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  await expect(ex.getByText('Worked answer.')).toBeHidden();
  await expect(ex.getByText('Hint:')).toBeHidden();
  await expect(ex.getByRole('button', { name: 'Check' })).toBeHidden();
  await expect(page.locator('.lesson-tools')).toBeHidden();
  await expect(page.locator('section.widget').first()).toBeVisible();
  // KaTeX's MathML copy and its stretchy SVGs are clipped by KaTeX itself, so they are not measured.
  const widest = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('main *:not(.katex, .katex *)'), (el) => el.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(717);
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(3);
});

test('at 390 px chart text stays at 11 CSS px or more, only the chart scrolls sideways, and no lesson is wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./#/lessons/why-compress');
  const roofline = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Roofline', exact: true }) }).locator('svg[viewBox]').first();
  await expect(roofline).toBeVisible();
  await expect.poll(() => roofline.evaluate((svg: SVGSVGElement) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...Array.from(svg.querySelectorAll('text'), (t) => parseFloat(getComputedStyle(t).fontSize) * scale));
  })).toBeGreaterThanOrEqual(11);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // No lesson is wider than the phone: long code words wrap, selects shrink, chart boxes scroll.
  for (const lesson of COURSE_SLUGS) {
    await page.goto(`./#/lessons/${lesson}`);
    await expect(page.locator('section.widget').first()).toBeVisible();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: lesson }).toBeLessThanOrEqual(390);
  }
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });
  test('"Download the whole course" saves the site, the models and both MNIST splits, with progress', async ({ page, context }) => {
    await page.goto('./');
    await page.getByRole('button', { name: 'Download the whole course' }).click();
    await expect(page.getByTestId('course-saved')).toContainText('✓ The whole course is saved in this browser', { timeout: 90_000 });
    await expect(page.getByTestId('course-saved')).toContainText('the 70,000 MNIST digits');
    const data = await page.evaluate(async () => (await (await caches.open('compression-lab-data-v1')).keys()).map((r) => new URL(r.url).pathname.split('/').pop()));
    expect(data).toEqual(expect.arrayContaining(['mnist-train-images.u8.gz', 'mnist-test-images.u8']));
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Compression Lab' })).toBeVisible();
    await context.setOffline(false);
  });

  test('a prediction is compared with the live measurement, and after that visit the course works offline', async ({ page, context }) => {
    // Online: predict, then measure (the run also leaves the MNIST test set in the worker's own cache).
    await page.goto('./#/lessons/quantization?qm.bits=2&qm.granularity=channel');
    await expect(page.getByTestId('offline-status')).toHaveText('✓ Available offline', { timeout: 60_000 });
    const ex = exercise(page, 'Predict its test accuracy at 2 bits');
    await ex.getByRole('button', { name: 'Lock in my prediction' }).click();
    await expect(page.getByTestId('exercise-predict-2bit-channel-feedback')).toHaveText('Type your prediction first.');
    await ex.getByLabel(/Your prediction/).fill('50');
    await ex.getByRole('button', { name: 'Lock in my prediction' }).click();
    const result = page.getByTestId('exercise-predict-2bit-channel-measured');
    await expect(result).toContainText('Now set the widget');
    const widget = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Quantize the live model' }) });
    await widget.getByRole('button', { name: 'Quantize and evaluate' }).click();
    await expect(result).toContainText('Predicted 50 %, measured', { timeout: 60_000 });
    const measured = Number(await widget.getByTestId('quant-accuracy').getAttribute('data-value')) * 100;
    await expect(result).toContainText(`measured ${measured.toLocaleString('en', { maximumFractionDigits: 2 })} %`);
    await expect(result).toContainText(Math.abs(measured - 50) <= 5 ? 'A good prediction' : 'Further off than 5 %');

    await context.setOffline(true);
    await page.goto('./#/lessons/pruning');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Pruning' })).toBeVisible();
    await page.goto('./#/lessons/quantization?qm.bits=3');
    await page.reload();
    const offline = page.locator('section.widget', { has: page.getByRole('heading', { level: 3, name: 'Quantize the live model' }) });
    await offline.getByRole('button', { name: 'Quantize and evaluate' }).click();
    const accuracy = offline.getByTestId('quant-accuracy');
    await expect(accuracy).toHaveAttribute('data-settings', /\|3\|/, { timeout: 60_000 });
    expect(Number(await accuracy.getAttribute('data-value'))).toBeGreaterThan(0.5);
    await context.setOffline(false);
  });
});
