// The callback page (your backend's callbackBaseUrl): hands the result to the widget and closes.
import { completeConnect } from 'finsify-connect/callback';

completeConnect();
