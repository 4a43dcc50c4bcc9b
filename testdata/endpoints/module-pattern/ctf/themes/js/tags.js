import CTFd from "./CTFd";

export function deleteTag(tagId) {
  CTFd.api.delete_tag({ tagId: tagId }).then(() => {});
}

export function addTag(value) {
  CTFd.api.post_tag_list({}, { value });
}

export function awards(userId) {
  return CTFd.api.get_user_awards({ userId });
}

export function createUser(name) {
  return CTFd.api.post_user_list({}, { name });
}
