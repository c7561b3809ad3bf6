function add(x, y) {
  var z = x + y;
  return z;
}

function subtract(x, y) {
  var z = x - y;
  return z;
}

module.exports = { add, subtract };
