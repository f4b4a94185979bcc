import { describeMultiInstance } from './fixtures/multi-instance-suite.js';

describeMultiInstance('sqlite');
