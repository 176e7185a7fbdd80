#include "SelfCheck.h"
