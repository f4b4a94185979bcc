import { createApp } from 'vue';
// Registers <finsify-service-picker> and <finsify-connect>.
import 'finsify-connect';
import App from './App.vue';

createApp(App).mount('#app');
