// Classic script (no modules): shared page state hangs off window.
window.SHOP_STATE = { cartCount: 0, locale: "en", lastOrderId: null };

function shopLocale() {
  return window.SHOP_STATE.locale;
}
