export default {
  urlRoot: "",
  csrfNonce: "",
};
