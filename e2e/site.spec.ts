import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { COURSE } from '../src/app/course';

test('the home page lists the nine lessons in course order', async ({ page }) => {
  await page.goto('./');
  const items = page.locator('.lesson-index > li');
  await expect(items).toHaveCount(COURSE.length);
  for (const [i, lesson] of COURSE.entries()) await expect(items.nth(i)).toContainText(lesson.title);
  // Every lesson is written: each entry links to its page and none says "coming soon".
  for (const [i, lesson] of COURSE.entries()) await expect(items.nth(i).getByRole('link', { name: lesson.title })).toHaveAttribute('href', `#/lessons/${lesson.slug}`);
  await expect(page.getByText('coming soon')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test('a lesson route survives a reload under the sub-path', async ({ page }) => {
  await page.goto('./#/lessons/number-formats');
  await expect(page.getByRole('heading', { level: 1, name: 'Number formats' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Number formats' })).toBeVisible();
  await expect(page.locator('.katex').first()).toBeVisible();
});

test('the theme toggle switches between light and dark and is remembered', async ({ page }) => {
  await page.goto('./');
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByRole('button', { name: /theme/ }).click();
  const after = await html.getAttribute('data-theme');
  expect(after).not.toBe(before);
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', after!);
});

test('presentation mode shows one section at a time, moves with arrows and lives in the URL', async ({ page }) => {
  await page.goto('./#/lessons/number-formats');
  await expect(page.locator('section.slide').first()).toBeVisible();
  await page.keyboard.press('p');
  await expect(page).toHaveURL(/present=1/);
  await expect(page.locator('section.slide:visible')).toHaveCount(1);
  await expect(page.getByText(/Slide 1 of \d+/)).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText(/Slide 2 of \d+/)).toBeVisible();
  await expect(page).toHaveURL(/slide=2/);
  const firstVisible = await page.locator('section.slide:visible h2').first().textContent();
  await page.reload();
  await expect(page.getByText(/Slide 2 of \d+/)).toBeVisible();
  await expect(page.locator('section.slide:visible h2').first()).toHaveText(firstVisible!);
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/present=1/);
  await expect(page.locator('section.slide:visible').nth(1)).toBeVisible();
});

test('an unknown address shows a page-not-found message, not a blank page', async ({ page }) => {
  await page.goto('./#/lessons/no-such-lesson');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

for (const width of [390, 1280]) {
  test(`the lesson layout has no horizontal overflow at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 720 });
    await page.goto('./#/lessons/number-formats');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
