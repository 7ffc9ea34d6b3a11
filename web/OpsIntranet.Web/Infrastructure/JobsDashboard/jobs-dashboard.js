// Runs after Hangfire's own scripts on every dashboard page. Hangfire's job lists have selection boxes
// without a name (axe: "Form elements must have labels", critical); screen readers get one here.
(function () {
    function name(selector, text) {
        document.querySelectorAll(selector).forEach(function (box) {
            if (!box.hasAttribute('aria-label')) box.setAttribute('aria-label', text(box));
        });
    }
    name('input.js-jobs-list-select-all', function () { return 'Select all'; });
    name('input.js-jobs-list-checkbox', function (box) { return 'Select ' + box.value; });
    // The queue page's breadcrumb starts with an icon alone.
    document.querySelectorAll('.breadcrumb a').forEach(function (link) {
        if (!link.textContent.trim() && !link.hasAttribute('aria-label')) link.setAttribute('aria-label', 'Jobs overview');
    });
    // The page's own content is its main landmark, as on the intranet's pages.
    var content = document.querySelector('.js-page-container');
    if (content && !content.hasAttribute('role')) content.setAttribute('role', 'main');
})();
