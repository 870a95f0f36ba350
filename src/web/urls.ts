/** Paths of public pages, in one place so links and ids agree. */
export const paths = {
  profile: (handle: string) => `/@${handle}`,
  entry: (handle: string, id: string) => `/@${handle}/${id}`,
  tag: (tag: string) => `/tags/${encodeURIComponent(tag.toLowerCase())}`,
  avatar: (key: string) => `/media/avatars/${key}`,
};
