import "./ok.js";
function f() { return [1, 2;
