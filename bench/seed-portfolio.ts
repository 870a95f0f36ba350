import type postgres from "postgres";

/**
 * A public portfolio for the page benchmark: `/@<handle>/portfolios/showcase`,
 * two sections, 20 of the member's public entries, each with a caption and a
 * ready photo (media rows with thumb and display variants: the page renders
 * their <img> tags; the benchmark never fetches the files).
 */
export async function seedPortfolio(
  sql: postgres.Sql,
  handle: string,
  items = 20,
): Promise<string> {
  const [owner] = await sql<{ id: string }[]>`select id from actors where handle = ${handle}`;
  if (!owner) throw new Error(`No member ${handle} to give a portfolio`);
  const portfolioId = "00000000-0000-4000-8000-00000000f001";
  await sql`
    insert into portfolios (id, owner_id, slug, title, intro_markdown, intro_html, layout, audience)
    values (${portfolioId}, ${owner.id}, 'showcase', 'Selected work',
      'Twenty pieces of work from the last year.', '<p>Twenty pieces of work from the last year.</p>',
      'grid', 'public')`;
  await sql`
    insert into portfolio_sections (id, portfolio_id, title, position) values
      ('00000000-0000-4000-8000-00000000f101', ${portfolioId}, 'Design', 0),
      ('00000000-0000-4000-8000-00000000f102', ${portfolioId}, 'Teaching', 1)`;
  await sql`
    insert into portfolio_items (id, portfolio_id, section_id, entry_id, caption_markdown, caption_html, position)
    select md5('item' || n)::uuid, ${portfolioId},
      case when n <= ${items / 2} then '00000000-0000-4000-8000-00000000f101'::uuid
        else '00000000-0000-4000-8000-00000000f102'::uuid end,
      e.id, 'Why it matters: the review changed the plan.',
      '<p>Why it matters: the review changed the plan.</p>',
      n
    from (select id, row_number() over (order by published_at desc) as n from entries
      where author_id = ${owner.id} and audience = 'public' and status = 'published'
      order by published_at desc limit ${items}) e`;
  await sql`
    insert into media (id, owner_id, entry_id, position, kind, format, state, bytes, alt, width, height, variants)
    select md5('media' || i.entry_id)::uuid, ${owner.id}, i.entry_id, 0, 'image', 'jpeg', 'ready', 250000,
      'A photo of the work', 1280, 960,
      jsonb_build_object(
        'thumb', jsonb_build_object('key', 'files/' || md5('media' || i.entry_id)::uuid || '/thumb.webp',
          'type', 'image/webp', 'bytes', 20000, 'width', 400, 'height', 300, 'etag', '"t"'),
        'display', jsonb_build_object('key', 'files/' || md5('media' || i.entry_id)::uuid || '/display.webp',
          'type', 'image/webp', 'bytes', 150000, 'width', 1280, 'height', 960, 'etag', '"d"'))
    from portfolio_items i where i.portfolio_id = ${portfolioId}`;
  await sql`analyze portfolios, portfolio_sections, portfolio_items, media`;
  return `/@${handle}/portfolios/showcase`;
}
