// datasets.js: (being written for issue 20)
(function (T) {
  "use strict";
}(Theater));
