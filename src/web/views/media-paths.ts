/** Paths of media files and the upload endpoints. */
export const mediaPaths = {
  upload: "/media",
  file: (id: string, file: string) => `/media/${id}/${file}`,
  status: (id: string) => `/media/${id}/status`,
  discard: (id: string) => `/media/${id}/delete`,
};
