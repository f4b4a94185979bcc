// Runs on the callback page: sends the result to the opener's <finsify-connect>, then closes.
window.FinsifyConnect.completeConnect();
