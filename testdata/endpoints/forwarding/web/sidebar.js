import getTags from "./tags";

export function alertTags() {
  return getTags("/api/alerts");
}
