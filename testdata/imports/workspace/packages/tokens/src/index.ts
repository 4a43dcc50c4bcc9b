export const tokens = { primary: "#123456" };
