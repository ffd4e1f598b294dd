/**
 * Golden byte vectors, their harness, scenario files and test beds, for our tests and for users' test
 * suites.
 */
package org.vmbussim.testfixtures;
